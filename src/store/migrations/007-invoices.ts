// Invoices created here: the free-text note printed on the invoice, and the reverse look-up from an
// invoice to the charges it covers (void frees them; list/show count them).
export const sql = `
ALTER TABLE invoices ADD COLUMN note TEXT;
CREATE INDEX charges_invoice ON charges(invoice_id);
`;
