import { Link } from "react-router";

export interface Tab {
  label: string;
  to: string;
  current: boolean;
}

/** Feed tabs as links (each is a URL of its own), the current one marked with aria-current. */
export function Tabs({ label, tabs }: { label: string; tabs: Tab[] }) {
  return (
    <nav aria-label={label} className="tabs">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <Link to={tab.to} aria-current={tab.current ? "page" : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
