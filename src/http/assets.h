// Static web assets built from web/ (the banner, its stub, the demo page and
// the My-data page's style), minified by esbuild and embedded in the binary
// at build time (web/build.mjs, web/embed.cmake), so a deployment is one file.
//
// Each asset has its bytes, a gzip -9 copy and a strong ETag (content hash).
// The data is static and immutable: safe from any thread.
#ifndef TACT_HTTP_ASSETS_H_
#define TACT_HTTP_ASSETS_H_

#include <string_view>

namespace tact::http {

struct Asset {
  std::string_view name;          // "tact.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
  std::string_view gzip;          // the same bytes, gzip -9
  std::string_view etag;          // quoted, e.g. "\"3f2a...\""
};

// nullptr when there is no such asset.
const Asset* FindAsset(std::string_view name);

}  // namespace tact::http

#endif  // TACT_HTTP_ASSETS_H_
