#include "http/api_server.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/api_key.h"
#include "feedback/feedback_service.h"
#include "http/api.h"

namespace tact::http {

struct ApiServer::Impl {
  Router router;
  Metrics metrics;
  boost::asio::thread_pool blocking{32};
  ApiContext ctx;
  std::unique_ptr<Server> server;

  // Hourly housekeeping: CES comments past their retention are erased.
  std::mutex housekeeping_mu;
  std::condition_variable housekeeping_cv;
  bool stopping = false;  // GUARDED_BY(housekeeping_mu)
  std::thread housekeeping;

  void Housekeep() {
    for (;;) {
      {
        std::unique_lock lock(housekeeping_mu);
        if (housekeeping_cv.wait_for(lock, std::chrono::hours(1), [this] { return stopping; }))
          return;
      }
      if (!ctx.feedback) continue;
      auto erased = ctx.feedback->EraseExpiredComments();
      if (!erased.ok()) {
        spdlog::warn("feedback: erasing expired comments failed: {}", erased.error().ToString());
      } else if (*erased > 0) {
        spdlog::info("feedback: erased {} comments past their retention", *erased);
      }
    }
  }
};

ApiServer::ApiServer(App* app, std::string_view admin_key, ServerOptions options)
    : impl_(new Impl) {
  impl_->ctx.app = app;
  impl_->ctx.admin_key_hash = HashKey(admin_key);
  impl_->ctx.metrics = &impl_->metrics;
  impl_->ctx.run_blocking = [impl = impl_.get()](std::function<void()> task) {
    boost::asio::post(impl->blocking, std::move(task));
  };
  RegisterApiRoutes(impl_->router, impl_->ctx);
  for (const auto& r : impl_->router.Routes()) impl_->metrics.Register(r.method + " " + r.pattern);
  impl_->metrics.Register("other");
  impl_->server = std::make_unique<Server>(std::move(options), &impl_->router, &impl_->metrics);
  impl_->housekeeping = std::thread([impl = impl_.get()] { impl->Housekeep(); });
  pthread_setname_np(impl_->housekeeping.native_handle(), "tact-housekeep");
}

ApiServer::~ApiServer() {
  Stop();
  impl_->housekeeping.join();
  impl_->blocking.join();
}

Status ApiServer::Start() { return impl_->server->Start(); }
uint16_t ApiServer::port() const { return impl_->server->port(); }
void ApiServer::SetDemoKey(std::string key) { impl_->ctx.demo_publishable_key = std::move(key); }
void ApiServer::SetKeyRateLimit(RateLimitOptions options, bool include_decide) {
  impl_->ctx.key_limiter = std::make_shared<RateLimiter>(options);
  impl_->ctx.key_limit_decide = include_decide;
}
void ApiServer::Run() { impl_->server->Run(); }
void ApiServer::Stop() {
  {
    std::lock_guard lock(impl_->housekeeping_mu);
    impl_->stopping = true;
  }
  impl_->housekeeping_cv.notify_all();
  impl_->ctx.app->Stop();
  impl_->server->Stop();
}

}  // namespace tact::http
