-- payer_differs: the payer the announcement names (a name and/or an INN) when it is not the invoice's
-- company, with that company's name and INN (JSON), else NULL. Third parties do pay for customers
-- (leasing, factoring, a director personally): the prompt says so and its «Да» names it.
ALTER TABLE payment_prompts ADD COLUMN payer_differs TEXT;
-- shared_sum: one sum announced for several invoices («2018/943 и 2018/944 на общую сумму 6500"): the
-- sum, the invoices' numbers and their total (JSON), else NULL. The prompt compares the two totals.
ALTER TABLE payment_prompts ADD COLUMN shared_sum TEXT;
