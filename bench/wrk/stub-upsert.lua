-- wrk script that measures the GHL stub alone: every request is a POST /contacts/upsert with a contact body of the
-- size the runtime sends (about 320 bytes) and the runtime's headers.
--
-- Usage: wrk -t T -c C -d DURATION -s bench/wrk/stub-upsert.lua http://127.0.0.1:18090

wrk.method = "POST"
wrk.path = "/contacts/upsert"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer pit-stub-token"
wrk.headers["Version"] = "2021-07-28"
wrk.body = '{"locationId":"stub-location","firstName":"Kavya","lastName":"Chatterjee",'
  .. '"email":"kavya.chatterjee.21000123@example.com","phone":"+919812345678","source":"Facebook Lead Ads",'
  .. '"customFields":[{"id":"stubfield0","field_value":"₹1.2 crore"},'
  .. '{"id":"stubfield1","field_value":"Within 3 months"},{"id":"stubfield3","field_value":"21000123"}]}'
