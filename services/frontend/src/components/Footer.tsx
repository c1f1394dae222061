export function Footer() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>
          <span className="brand-text">conduit</span> — a place to share your knowledge. A{" "}
          <a href="https://realworld-docs.netlify.app/">RealWorld</a> app.
        </p>
      </div>
    </footer>
  );
}
