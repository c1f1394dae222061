/** A loading message screen readers announce politely. */
export function Loading({ children }: { children: string }) {
  return (
    <p role="status" aria-busy="true" className="loading">
      {children}
    </p>
  );
}
