/** The part of mt940js (no bundled types) the statement reader uses; see its README. */
declare module 'mt940js' {
  export interface Transaction {
    /** Signed: credit +, debit −. */
    amount: number;
    isReversal: boolean;
    /** The text of the transaction's :86: field(s), lines joined by «\n». */
    details: string;
  }
  export interface Statement {
    transactions: Transaction[];
  }
  export class Parser {
    constructor(params?: { no86Structure?: boolean });
    parse(data: string): Statement[];
  }
}
