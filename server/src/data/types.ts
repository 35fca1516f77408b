/** Every fact in a data table says where it comes from and when it was last checked. */
export interface Sourced {
  /** Where the fact comes from (vendor page, image documentation). */
  source: string;
  /** ISO date the fact was last checked. */
  checked: string;
}
