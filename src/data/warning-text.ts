/** `12.5%`: shares in warning messages, one decimal so a threshold crossing is visible. */
export function pctText(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** `1,234`: counts in warning messages, grouped the way the inspect report prints them. */
export function countText(n: number): string {
  return n.toLocaleString('en-US');
}
