import { Link, NavLink } from "react-router";
import { profilePath } from "../paths";
import { useSession } from "../session";
import { Avatar } from "./Avatar";

/** The site header: the brand and the main navigation, which wraps onto a second line on phones. */
export function Header() {
  const { status, user } = useSession();
  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to="/" className="brand">
          conduit
        </Link>
        <nav aria-label="Main">
          <ul className="nav-links">
            <li>
              <NavLink to="/" end>
                Home
              </NavLink>
            </li>
            {/* while the stored token's user loads, neither set of links would be right */}
            {status === "ready" &&
              (user ? (
                <>
                  <li>
                    <NavLink to="/editor" end>
                      New article
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/settings">Settings</NavLink>
                  </li>
                  <li>
                    <NavLink to={profilePath(user.username)} className="nav-user">
                      <Avatar image={user.image} />
                      {user.username}
                    </NavLink>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/login">Sign in</NavLink>
                  </li>
                  <li>
                    <NavLink to="/register">Sign up</NavLink>
                  </li>
                </>
              ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}
