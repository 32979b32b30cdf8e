// A second baseline for the HTTP benchmarks (bench/run): the least a server
// can do on this machine. One epoll loop per thread, each thread pinned to
// its CPU with its own SO_REUSEPORT listening socket, connections steered to
// the socket of the CPU they come from (as tact's server does), and every
// request answered with a fixed 200 '{"allowed":true}' once its head and
// Content-Length body are in; every 32 answers a connection whose client
// moved to another CPU moves to that CPU's thread (as tact's does). No HTTP
// parser, no routing, no timeouts: not a server, a floor to measure against.
//
//   fixed_responder_bench PORT THREADS
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::string_view kAnswer =
    "HTTP/1.1 200 OK\r\nServer: fixed\r\nContent-Type: application/json\r\n"
    "Content-Length: 16\r\n\r\n{\"allowed\":true}";

int Listen(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd, 1024) != 0) {
    std::perror("fixed_responder: bind/listen");
    std::exit(1);
  }
  return fd;
}

// Bytes of the first complete request in `in` (head and body), or 0.
size_t CompleteRequest(std::string_view in) {
  size_t head = in.find("\r\n\r\n");
  if (head == std::string_view::npos) return 0;
  size_t length = 0;
  std::string_view h = in.substr(0, head);
  for (std::string_view name : {"Content-Length: ", "content-length: "}) {
    size_t at = h.find(name);
    if (at != std::string_view::npos)
      length = std::strtoul(h.data() + at + name.size(), nullptr, 10);
  }
  return in.size() >= head + 4 + length ? head + 4 + length : 0;
}

struct Connection {
  std::string in;  // unparsed bytes
  unsigned answered = 0;
};

std::vector<int> g_epolls;  // one per thread, index = CPU

void Serve(int listener, int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
  int ep = g_epolls[static_cast<size_t>(cpu)];
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listener;
  epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
  std::unordered_map<int, Connection> connections;
  std::vector<int> ready;  // connections owed answers this round
  epoll_event events[512];
  char buf[16384];
  for (;;) {
    int n = epoll_wait(ep, events, 512, -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == listener) {
        for (int c; (c = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK)) >= 0;) {
          int one = 1;
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event e{};
          e.events = EPOLLIN;
          e.data.fd = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &e);
        }
        continue;
      }
      ssize_t got = recv(fd, buf, sizeof buf, 0);
      if (got <= 0) {
        close(fd);
        connections.erase(fd);
        continue;
      }
      std::string& in = connections[fd].in;
      in.append(buf, static_cast<size_t>(got));
      for (size_t used; (used = CompleteRequest(in)) != 0;) {
        in.erase(0, used);
        ready.push_back(fd);
      }
    }
    for (int fd : ready) send(fd, kAnswer.data(), kAnswer.size(), MSG_NOSIGNAL);
    for (int fd : ready) {
      auto it = connections.find(fd);
      if (it == connections.end() || ++it->second.answered % 32 != 0 || !it->second.in.empty()) {
        continue;
      }
      int from = -1;
      socklen_t len = sizeof from;
      if (getsockopt(fd, SOL_SOCKET, SO_INCOMING_CPU, &from, &len) != 0 || from < 0) continue;
      size_t to = static_cast<size_t>(from) % g_epolls.size();
      if (static_cast<int>(to) == cpu) continue;
      epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
      connections.erase(it);
      epoll_event e{};
      e.events = EPOLLIN;
      e.data.fd = fd;
      epoll_ctl(g_epolls[to], EPOLL_CTL_ADD, fd, &e);
    }
    ready.clear();
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fixed_responder_bench PORT THREADS\n");
    return 2;
  }
  int port = std::atoi(argv[1]);
  int threads = std::atoi(argv[2]);
  std::vector<int> listeners;
  for (int t = 0; t < threads; ++t) {
    listeners.push_back(Listen(port));
    g_epolls.push_back(epoll_create1(0));
  }
  sock_filter code[] = {
      {BPF_LD | BPF_W | BPF_ABS, 0, 0, static_cast<uint32_t>(SKF_AD_OFF + SKF_AD_CPU)},
      {BPF_ALU | BPF_MOD | BPF_K, 0, 0, static_cast<uint32_t>(threads)},
      {BPF_RET | BPF_A, 0, 0, 0},
  };
  sock_fprog prog{3, code};
  setsockopt(listeners[0], SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof prog);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back(Serve, listeners[t], t);
  for (auto& w : workers) w.join();
}
