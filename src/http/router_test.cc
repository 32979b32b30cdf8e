// The Router without sockets: which route takes a request, its parameters,
// 404/405/OPTIONS, and the literal fast path agreeing with the ordered scan.
#include "http/router.h"

#include <gtest/gtest.h>

namespace tact::http {
namespace {

struct Call {
  size_t route = Router::kNoRoute;
  int status = 0;
  std::string body;
  std::string allow;
  Request request;
};

Call Send(const Router& router, std::string method, std::string path) {
  Call c;
  c.request.method = std::move(method);
  c.request.path = std::move(path);
  c.route = router.Dispatch(c.request, [&c](Response res) {
    c.status = res.status;
    c.body = res.body;
    for (const auto& [k, v] : res.headers) {
      if (k == "Allow") c.allow = v;
    }
  });
  return c;
}

Handler Answer(std::string body) {
  return [body](Request&, Respond respond) {
    Response res;
    res.body = body;
    respond(std::move(res));
  };
}

TEST(Fields, SetReplacesAddKeepsTheFirst) {
  Fields f;
  EXPECT_TRUE(f.empty());
  f.Set("authorization", "Bearer a");
  f.Set("authorization", "Bearer b");
  f.Add("x", "1");
  f.Add("x", "2");
  EXPECT_EQ(f.Get("authorization"), "Bearer b");
  EXPECT_EQ(f.Get("x"), "1");
  EXPECT_EQ(f.size(), 2u);
  EXPECT_TRUE(f.Has("x"));
  EXPECT_FALSE(f.Has("X"));  // names are compared exactly
  EXPECT_EQ(f.Get("missing"), "");
  f.Erase("x");
  EXPECT_FALSE(f.Has("x"));
  EXPECT_EQ(f.Get("authorization"), "Bearer b");
  f.clear();
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(f.Get("authorization"), "");
}

TEST(Fields, ManyValuesSurviveGrowth) {
  Fields f;
  for (int i = 0; i < 200; ++i) f.Set("k" + std::to_string(i), std::string(i, 'v'));
  for (int i = 0; i < 200; ++i) EXPECT_EQ(f.Get("k" + std::to_string(i)), std::string(i, 'v'));
}

TEST(Router, LiteralAndPatternRoutes) {
  Router r;
  r.Add("GET", "/v1/subjects/{id}/consents", Answer("consents"));
  r.Add("POST", "/v1/decide", Answer("decide"));
  r.Add("GET", "/v1/events", Answer("events"));
  Call c = Send(r, "POST", "/v1/decide");
  EXPECT_EQ(c.route, 1u);
  EXPECT_EQ(c.body, "decide");
  c = Send(r, "GET", "/v1/subjects/sub_1/consents");
  EXPECT_EQ(c.route, 0u);
  EXPECT_EQ(c.request.Param("id"), "sub_1");
  // Slashes do not count twice, on the fast path or off it.
  EXPECT_EQ(Send(r, "POST", "/v1/decide/").route, 1u);
  EXPECT_EQ(Send(r, "POST", "//v1//decide").route, 1u);
  EXPECT_EQ(Send(r, "HEAD", "/v1/events").route, 2u);
}

TEST(Router, WrongMethodIs405WithAllowAndOptionsIs204) {
  Router r;
  r.Add("POST", "/v1/decide", Answer("decide"));
  r.Add("PUT", "/v1/decide", Answer("put"));
  Call c = Send(r, "GET", "/v1/decide");
  EXPECT_EQ(c.route, Router::kNoRoute);
  EXPECT_EQ(c.status, 405);
  EXPECT_EQ(c.allow, "POST, PUT");
  c = Send(r, "OPTIONS", "/v1/decide");
  EXPECT_EQ(c.status, 204);
  EXPECT_EQ(c.allow, "POST, PUT, OPTIONS");
  EXPECT_EQ(Send(r, "PUT", "/v1/decide").body, "put");
  c = Send(r, "GET", "/v1/nothing");
  EXPECT_EQ(c.status, 404);
  EXPECT_EQ(c.route, Router::kNoRoute);
}

TEST(Router, TheRouteAddedFirstWinsEvenAgainstTheFastPath) {
  Router r;
  r.Add("GET", "/v1/properties/{id}", Answer("pattern"));
  r.Add("GET", "/v1/properties/export", Answer("literal"));
  r.Add("GET", "/me/", Answer("slash"));
  r.Add("GET", "/me", Answer("no slash"));
  r.Add("POST", "/v1/properties/export", Answer("literal post"));
  EXPECT_EQ(Send(r, "GET", "/v1/properties/export").body, "pattern");
  EXPECT_EQ(Send(r, "GET", "/me").body, "slash");
  EXPECT_EQ(Send(r, "GET", "/me/").body, "slash");
  EXPECT_EQ(Send(r, "POST", "/v1/properties/export").body, "literal post");
}

TEST(Router, APathDeeperThanAnyRouteIs404) {
  Router r;
  r.Add("GET", "/{a}", Answer("one"));
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "/x";
  EXPECT_EQ(Send(r, "GET", deep).status, 404);
  EXPECT_EQ(Send(r, "GET", "/x").body, "one");
}

}  // namespace
}  // namespace tact::http
