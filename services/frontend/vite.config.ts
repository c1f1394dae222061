import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    // the page runs under `script-src 'self'`: the polyfill would be an inline <script>, and every
    // browser we support has <link rel="modulepreload"> anyway
    modulePreload: { polyfill: false },
    // icons and the default avatar stay files under dist/assets/ (hashed, cacheable) rather than
    // data: URLs inlined into the bundle
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run services:dev` runs the services on these ports; the routes are the gateway's
    // (charts/blog-platform/charts/gateway/templates/_nginx.tpl), first match wins
    proxy: {
      "^/api/articles/[^/]+/comments": "http://127.0.0.1:8083",
      "^/api/(articles|tags)": "http://127.0.0.1:8082",
      "^/api/images": "http://127.0.0.1:8084",
      "^/api/(users|user|profiles)": "http://127.0.0.1:8081",
    },
  },
});
