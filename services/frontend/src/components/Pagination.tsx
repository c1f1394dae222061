import { Link, useLocation, useSearchParams } from "react-router";

export const PAGE_SIZE = 10;

/** The 1-based page number in the URL (?page=), 1 when missing or invalid. */
export function useCurrentPage(): number {
  const [params] = useSearchParams();
  const page = Number.parseInt(params.get("page") ?? "", 10);
  return Number.isFinite(page) && page > 1 ? page : 1;
}

/** The pages to link: the first, the last and two either side of the current one, with gaps as null. */
function pageNumbers(current: number, last: number): (number | null)[] {
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, last])]
    .filter((page) => page >= 1 && page <= last)
    .sort((a, b) => a - b);
  return shown.flatMap((page, index) => (index > 0 && page - shown[index - 1]! > 1 ? [null, page] : [page]));
}

/** Numbered page links (plus previous/next) that keep the rest of the URL's query. */
export function Pagination({ count }: { count: number }) {
  const { pathname, search } = useLocation();
  const current = useCurrentPage();
  const last = Math.ceil(count / PAGE_SIZE);
  if (last <= 1) return null;

  function href(page: number) {
    const params = new URLSearchParams(search);
    if (page === 1) params.delete("page");
    else params.set("page", String(page));
    const query = params.toString();
    return query ? `${pathname}?${query}` : pathname;
  }

  return (
    <nav aria-label="Pagination" className="pagination">
      <ul>
        {current > 1 && (
          <li>
            <Link to={href(current - 1)}>
              Previous<span className="visually-hidden"> page</span>
            </Link>
          </li>
        )}
        {pageNumbers(current, last).map((page, index) =>
          page === null ? (
            <li key={`gap-${index}`} className="pagination-gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={page}>
              <Link to={href(page)} aria-current={page === current ? "page" : undefined}>
                <span className="visually-hidden">Page </span>
                {page}
              </Link>
            </li>
          ),
        )}
        {current < last && (
          <li>
            <Link to={href(current + 1)}>
              Next<span className="visually-hidden"> page</span>
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
