#!/usr/bin/python3
"""Interoperability of authkit with PyJWT, both directions, driven through the authkit CLI.

Usage: pyjwt_interop.py AUTHKIT_BINARY CASE
       pyjwt_interop.py AUTHKIT_BINARY --list

Cases:
  to_authkit_<ALG>   PyJWT signs with a key made by `authkit jwk generate` (loaded with
                     PyJWK / <Alg>Algorithm.from_jwk); `authkit jwt verify` accepts it through
                     --key (private and public JWK) and --jwks, and returns the claims.
  from_authkit_<ALG> `authkit jwt sign` signs; PyJWT verifies with the public JWK from
                     `authkit jwk public` (the oct JWK for HS*), checking claims, kid and typ.
  negative           alg "none", HS256 MAC'd with an RSA public key's PEM, expired and
                     tampered PyJWT tokens: all rejected by authkit with the right code.
  ed25519_alg_name   a token whose alg is the RFC 9864 name "Ed25519" (built by hand: PyJWT
                     may not know the name) verifies in authkit.

Needs Debian's python3-jwt and python3-cryptography (scripts/install-deps.sh, group "test").
"""

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time

try:
    import jwt
    from jwt import PyJWK, PyJWKSet
    from jwt.algorithms import get_default_algorithms
    from cryptography.hazmat.primitives import serialization
except ImportError as e:  # pragma: no cover - environment problem, not a test failure mode
    print("FAIL: PyJWT/cryptography are not importable by %s (%s). Install the Debian "
          "packages python3-jwt and python3-cryptography: bash scripts/install-deps.sh test"
          % (sys.executable, e), file=sys.stderr)
    sys.exit(1)

ALGORITHMS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
              "ES256", "ES384", "ES512", "EdDSA"]
ALGORITHM_CLASS = {"HS": "HMACAlgorithm", "RS": "RSAAlgorithm", "PS": "RSAPSSAlgorithm",
                   "ES": "ECAlgorithm", "Ed": "OKPAlgorithm"}
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "k")
ISSUER = "https://issuer.example"

CLI = ""
WORKDIR = ""


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(*args, stdin=None):
    proc = subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                          cwd=WORKDIR, timeout=120)
    return proc


def describe(args, proc):
    return "authkit %s -> exit %d\n--- stdout\n%s--- stderr\n%s" % (
        " ".join(args)[:300], proc.returncode, proc.stdout, proc.stderr)


def ok(*args, stdin=None):
    proc = run(*args, stdin=stdin)
    check(proc.returncode == 0, "expected success:\n" + describe(args, proc))
    return proc.stdout


def rejected(errc, *args):
    proc = run(*args)
    check(proc.returncode == 1 and proc.stderr.strip() == "error: " + errc,
          "expected exit 1 and 'error: %s':\n%s" % (errc, describe(args, proc)))


def write(name, content):
    path = os.path.join(WORKDIR, name)
    with open(path, "w") as f:
        f.write(content if isinstance(content, str) else json.dumps(content))
    return path


def generate(alg, kid):
    text = ok("jwk", "generate", "--alg", alg, "--kid", kid)
    return json.loads(text), write(kid + ".jwk", text)


def public_jwk(path):
    text = ok("jwk", "public", path)
    pub = json.loads(text)
    for member in PRIVATE_MEMBERS:
        check(member not in pub, "public JWK carries %r" % member)
    return pub, write(os.path.basename(path) + ".pub", text)


def b64url(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pyjwt_key(jwk, alg):
    """The cryptography key (or HMAC bytes) for a JWK, loaded two ways that must agree."""
    via_pyjwk = PyJWK(jwk).key
    cls = getattr(jwt.algorithms, ALGORITHM_CLASS[alg[:2]])
    via_from_jwk = cls.from_jwk(json.dumps(jwk))
    if isinstance(via_pyjwk, bytes):
        check(via_pyjwk == via_from_jwk, "PyJWK and from_jwk agree on the HMAC key")
    check(type(via_pyjwk) is type(via_from_jwk), "PyJWK and from_jwk load the same key type")
    return via_pyjwk


def standard_claims(now):
    return {"sub": "user-42", "iss": ISSUER, "aud": "api", "iat": now, "exp": now + 600,
            "email": "user@example.com", "scope": "read write", "n": 7,
            "nested": {"roles": ["a", "b"], "ok": True, "none": None}, "text": "zé✓"}


# ---------------------------------------------------------------------------------------------
# Direction A: PyJWT signs, authkit verifies.
# ---------------------------------------------------------------------------------------------

def case_to_authkit(alg):
    kid = "py-" + alg.lower()
    private, private_path = generate(alg, kid)
    signing_key = pyjwt_key(private, alg)
    if alg.startswith("HS"):
        verify_paths = [("--key", private_path)]
        set_path = write("set.json", {"keys": [private]})
    else:
        pub, pub_path = public_jwk(private_path)
        verify_paths = [("--key", private_path), ("--key", pub_path)]
        # A public JWKS with a second key of another type, so the kid has to choose.
        _, other_path = generate("ES256" if alg != "ES256" else "EdDSA", "other")
        other_pub, _ = public_jwk(other_path)
        set_path = write("set.json", {"keys": [other_pub, pub]})
        jwks_text = ok("jwk", "public", set_path)
        check(json.loads(jwks_text)["keys"][1]["kid"] == kid, "jwk public keeps the set")
    verify_paths.append(("--jwks", set_path))

    now = int(time.time())
    claims = standard_claims(now)
    token = jwt.encode(claims, signing_key, algorithm=alg, headers={"kid": kid})
    header = jwt.get_unverified_header(token)
    check(header["alg"] == alg and header["kid"] == kid, "PyJWT header: %r" % header)

    for option, path in verify_paths:
        out = ok("jwt", "verify", option, path, "--iss", ISSUER, "--aud", "api", "--typ", "JWT",
                 token)
        check(json.loads(out) == claims, "authkit returns PyJWT's claims via %s %s: %s" % (
            option, os.path.basename(path), out))

    # Without a kid the single key for the algorithm is used.
    no_kid = jwt.encode({"sub": "k", "exp": now + 60}, signing_key, algorithm=alg)
    check("kid" not in jwt.get_unverified_header(no_kid), "PyJWT token without kid")
    check(json.loads(ok("jwt", "verify", "--key", verify_paths[-2][1], no_kid))["sub"] == "k",
          "a token without kid verifies against the single key")

    # A PyJWT token signed by a different key of the same algorithm (same kid) is refused.
    stranger, _ = generate(alg, "stranger")
    stranger_token = jwt.encode(claims, pyjwt_key(stranger, alg), algorithm=alg,
                                headers={"kid": kid})
    rejected("JWT_BAD_SIGNATURE", "jwt", "verify", "--key", verify_paths[-2][1], "--iss", ISSUER,
             "--aud", "api", stranger_token)


# ---------------------------------------------------------------------------------------------
# Direction B: authkit signs, PyJWT verifies.
# ---------------------------------------------------------------------------------------------

def case_from_authkit(alg):
    kid = "ak-" + alg.lower()
    private, private_path = generate(alg, kid)
    if alg.startswith("HS"):
        check(run("jwk", "public", private_path).returncode == 1, "oct keys have no public form")
        verify_key = pyjwt_key(private, alg)
        jwks = None
    else:
        pub, pub_path = public_jwk(private_path)
        verify_key = pyjwt_key(pub, alg)
        jwks = PyJWKSet.from_json(ok("jwk", "public", write("set.json", {"keys": [private]})))

    extra = {"scope": "read", "nested": {"x": [1, 2, 3]}, "flag": False, "name": "Ünïcode"}
    before = int(time.time())
    token = ok("jwt", "sign", "--key", private_path, "--sub", "user-7", "--iss", ISSUER,
               "--aud", "api", "--aud", "web", "--expires-in", "10m",
               "--claims", json.dumps(extra)).strip()
    header = jwt.get_unverified_header(token)
    check(header == {"alg": alg, "kid": kid, "typ": "JWT"}, "authkit header: %r" % header)

    keys = [verify_key]
    if jwks is not None:
        keys.append(next(k for k in jwks.keys if k.key_id == header["kid"]).key)
    for key in keys:
        claims = jwt.decode(token, key, algorithms=[alg], audience="web", issuer=ISSUER,
                            options={"require": ["exp", "iat", "sub", "iss", "aud"]})
        for name, value in extra.items():
            check(claims[name] == value, "claim %r: %r" % (name, claims))
        check(claims["sub"] == "user-7" and claims["aud"] == ["api", "web"]
              and claims["iss"] == ISSUER, "registered claims: %r" % claims)
        check(claims["exp"] - claims["iat"] == 600, "--expires-in 10m")
        check(before - 5 <= claims["iat"] <= int(time.time()) + 5, "iat is now")

    # typ: a custom typ reaches PyJWT unchanged.
    at = ok("jwt", "sign", "--key", private_path, "--sub", "u", "--typ", "at+jwt").strip()
    check(jwt.get_unverified_header(at)["typ"] == "at+jwt", "custom typ header")
    check(jwt.decode(at, verify_key, algorithms=[alg])["sub"] == "u", "PyJWT verifies at+jwt")

    # PyJWT must also refuse an authkit token whose payload was altered.
    h, p, s = token.split(".")
    forged = h + "." + b64url(json.dumps({"sub": "admin", "exp": before + 600})) + "." + s
    try:
        jwt.decode(forged, verify_key, algorithms=[alg], options={"verify_aud": False})
    except jwt.InvalidSignatureError:
        pass
    else:
        raise Failure("PyJWT accepted a forged authkit token")


# ---------------------------------------------------------------------------------------------
# Negative interop and the RFC 9864 name.
# ---------------------------------------------------------------------------------------------

def case_negative():
    now = int(time.time())
    hs, hs_path = generate("HS256", "hs")
    hs_key = pyjwt_key(hs, "HS256")
    rs, rs_path = generate("RS256", "rs")
    rs_pub, rs_pub_path = public_jwk(rs_path)

    # 1. alg "none" (PyJWT's unsecured JWS: empty signature).
    none_token = jwt.encode({"sub": "u", "exp": now + 60}, None, algorithm="none")
    check(none_token.endswith("."), "PyJWT's none token has an empty signature")
    for path in (hs_path, rs_pub_path):
        rejected("JWT_MALFORMED", "jwt", "verify", "--key", path, none_token)
    # ...and with a non-empty signature segment, so the alg itself is what gets refused.
    none_signed = none_token + "c2lnbmF0dXJl"
    for path in (hs_path, rs_pub_path):
        rejected("JWT_UNSUPPORTED_ALGORITHM", "jwt", "verify", "--key", path, none_signed)
    none_kid = b64url('{"alg":"none","kid":"rs"}') + "." + none_token.split(".")[1] + ".c2ln"
    rejected("JWT_UNSUPPORTED_ALGORITHM", "jwt", "verify", "--key", rs_pub_path, none_kid)

    # 2. HS256 MAC'd with the bytes of the RS256 public key's PEM (CVE-2016-10555 style).
    pem = PyJWK(rs_pub).key.public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    payload = {"sub": "attacker", "iss": ISSUER, "exp": now + 600}
    try:
        forged = jwt.encode(payload, pem, algorithm="HS256", headers={"kid": "rs"})
    except jwt.exceptions.InvalidKeyError:
        # PyJWT refuses to use a PEM as an HMAC secret; build the same token by hand.
        signing_input = b64url('{"alg":"HS256","kid":"rs","typ":"JWT"}') + "." + \
            b64url(json.dumps(payload))
        mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
        forged = signing_input + "." + b64url(mac)
    no_kid_input = b64url('{"alg":"HS256","typ":"JWT"}') + "." + b64url(json.dumps(payload))
    forged_no_kid = no_kid_input + "." + b64url(
        hmac.new(pem, no_kid_input.encode(), hashlib.sha256).digest())
    for path in (rs_pub_path, rs_path):
        # The kid finds the RS256 key, whose algorithm is not the token's.
        rejected("JWT_UNSUPPORTED_ALGORITHM", "jwt", "verify", "--key", path, forged)
        # Without a kid there is no HS256 key at all.
        rejected("JWT_UNKNOWN_KEY", "jwt", "verify", "--key", path, forged_no_kid)
    jwks = write("rs-set.json", {"keys": [rs_pub]})
    rejected("JWT_UNSUPPORTED_ALGORITHM", "jwt", "verify", "--jwks", jwks, forged)
    rejected("JWT_UNKNOWN_KEY", "jwt", "verify", "--jwks", jwks, forged_no_kid)

    # 3. Expired PyJWT token (exp an hour ago, well beyond the 60 s leeway).
    expired = jwt.encode({"sub": "u", "iat": now - 7200, "exp": now - 3600}, hs_key,
                         algorithm="HS256", headers={"kid": "hs"})
    rejected("JWT_EXPIRED", "jwt", "verify", "--key", hs_path, expired)
    nbf = jwt.encode({"sub": "u", "nbf": now + 3600, "exp": now + 7200}, hs_key,
                     algorithm="HS256", headers={"kid": "hs"})
    rejected("JWT_NOT_YET_VALID", "jwt", "verify", "--key", hs_path, nbf)

    # 4. Tampered signature, wrong audience and issuer, missing exp.
    good = jwt.encode({"sub": "u", "iss": ISSUER, "aud": "api", "exp": now + 60}, hs_key,
                      algorithm="HS256", headers={"kid": "hs"})
    h, p, s = good.split(".")
    other_mac = hmac.new(b"x" * 32, (h + "." + p).encode(), hashlib.sha256).digest()
    rejected("JWT_BAD_SIGNATURE", "jwt", "verify", "--key", hs_path, "--aud", "api",
             h + "." + p + "." + b64url(other_mac))
    rejected("JWT_CLAIM_MISMATCH", "jwt", "verify", "--key", hs_path, "--aud", "web", good)
    rejected("JWT_CLAIM_MISMATCH", "jwt", "verify", "--key", hs_path, good)  # aud, none expected
    rejected("JWT_CLAIM_MISMATCH", "jwt", "verify", "--key", hs_path, "--aud", "api",
             "--iss", "https://other.example", good)
    no_exp = jwt.encode({"sub": "u"}, hs_key, algorithm="HS256", headers={"kid": "hs"})
    rejected("JWT_CLAIM_MISSING", "jwt", "verify", "--key", hs_path, no_exp)

    # 5. PyJWT accepts a header it should make authkit refuse: jku / jwk / crit.
    for extra_header in ({"jku": "https://evil.example/jwks"}, {"crit": ["exp"]},
                         {"jwk": {"kty": "oct", "k": "AAAA"}}):
        headers = dict(extra_header, kid="hs")
        token = jwt.encode({"sub": "u", "exp": now + 60}, hs_key, algorithm="HS256",
                           headers=headers)
        rejected("JWT_UNSUPPORTED_HEADER", "jwt", "verify", "--key", hs_path, token)


def case_ed25519_alg_name():
    known = sorted(get_default_algorithms())
    print("PyJWT %s algorithms: %s" % (jwt.__version__, " ".join(known)))
    private, path = generate("EdDSA", "ed")
    pub, pub_path = public_jwk(path)
    check(private["alg"] == "EdDSA" and pub["alg"] == "EdDSA", "authkit issues alg EdDSA")
    key = pyjwt_key(private, "EdDSA")
    now = int(time.time())
    claims = {"sub": "u", "exp": now + 60}
    if "Ed25519" in known:
        token = jwt.encode(claims, key, algorithm="Ed25519", headers={"kid": "ed"})
    else:
        signing_input = b64url('{"alg":"Ed25519","kid":"ed","typ":"JWT"}') + "." + \
            b64url(json.dumps(claims))
        token = signing_input + "." + b64url(key.sign(signing_input.encode()))
    check(jwt.get_unverified_header(token)["alg"] == "Ed25519", "token uses the RFC 9864 name")
    out = ok("jwt", "verify", "--key", pub_path, token)
    check(json.loads(out) == claims, "authkit verifies alg Ed25519 with an EdDSA key")
    # ...and an authkit EdDSA token verifies in PyJWT under the name it knows.
    token = ok("jwt", "sign", "--key", path, "--sub", "u").strip()
    check(jwt.get_unverified_header(token)["alg"] == "EdDSA", "authkit signs as EdDSA")
    check(jwt.decode(token, pyjwt_key(pub, "EdDSA"), algorithms=["EdDSA"])["sub"] == "u",
          "PyJWT verifies authkit's EdDSA token")


CASES = {"negative": case_negative, "ed25519_alg_name": case_ed25519_alg_name}
for _alg in ALGORITHMS:
    CASES["to_authkit_" + _alg] = (lambda a: lambda: case_to_authkit(a))(_alg)
    CASES["from_authkit_" + _alg] = (lambda a: lambda: case_from_authkit(a))(_alg)


def main(argv):
    global CLI, WORKDIR
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    CLI = os.path.abspath(argv[1])
    if argv[2] == "--list":
        print("\n".join(CASES))
        return 0
    if argv[2] not in CASES:
        print("unknown case %r; use --list" % argv[2], file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="authkit-interop-") as tmp:
        WORKDIR = tmp
        try:
            CASES[argv[2]]()
        except Failure as e:
            print("FAIL %s (PyJWT %s): %s" % (argv[2], jwt.__version__, e), file=sys.stderr)
            return 1
    print("PASS %s (PyJWT %s)" % (argv[2], jwt.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
