-- wrk script: POST sign-in/email with the load-test user's credentials (JSON body). The
-- Origin header is the server's own, as a browser on the auth pages would send it.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Origin"] = os.getenv("LOAD_ORIGIN")
wrk.body = '{"email":"' .. os.getenv("LOAD_EMAIL") .. '","password":"' .. os.getenv("LOAD_PASSWORD") .. '"}'

-- Count non-200 answers, so a load test that only measured errors is visible.
local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
