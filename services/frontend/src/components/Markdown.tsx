import ReactMarkdown, { defaultUrlTransform, type Components, type UrlTransform } from "react-markdown";

// the page's <h1> is the article's title: headings in the body start one level below
const components: Components = { h1: "h2", h2: "h3", h3: "h4", h4: "h5", h5: "h6" };

// The default transform drops javascript: and other unsafe URLs; on top of it, images from plain
// http: are left out, as the CSP (img-src 'self' data: https:) would refuse them anyway.
const urlTransform: UrlTransform = (url, key) => (key === "src" && /^http:/i.test(url) ? null : defaultUrlTransform(url));

/** An article body: markdown rendered to React elements, with any raw HTML in it skipped. */
export default function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml components={components} urlTransform={urlTransform}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
