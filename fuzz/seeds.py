#!/usr/bin/env python3
"""Writes the seed corpus of the CQE-stream fuzzer (fuzz/corpus/cqe/).

Each seed is a short story in the harness's input language (see
fuzz/cqe_fuzz.c): a header byte, then steps.  The seeds reach what random
bytes rarely do: every op pushed with valid resources and completed,
multishot streams, stale keys after reuse, a full slab, a full SQ, retained
records, pushes from the callback, teardown with records pending.
"""
import os
import sys

OPS = ["accept", "accept_multi", "cancel", "close", "connect", "epoll_ctl",
       "epoll_wait", "futex_wait", "futex_waitv", "futex_wake", "nop",
       "provide_buffers", "recv", "recv_multi", "remove_buffers", "send",
       "send_zc", "shutdown", "socket"]

# header bits
FIFO, FREE_PENDING, STRICT = 1, 2, 4
# flags byte bits (bit 4: a buffer id byte follows)
BUFFER, MORE, NOTIF, BID = 1, 2, 8, 16
# res selectors (low 3 bits of the byte)
RES_ZERO, RES_ECANCELED = 0, 7


def res_small(n):
    return 1 | (n << 3)


def res_err(i):  # errs[]: 0 ECANCELED, 1 EINVAL, 7 ENFILE, 12 ENOBUFS, 14 ECONNREFUSED
    return 2 | (i << 3)


def res_kernel_slot(i):  # REG_FD - 1 + i
    return 3 | (i << 3)


def res_len(i):  # lens[]: 1 15 16 17 31 32 33 63 64 65 4096
    return 4 | (i << 3)


def buf(set_, idx):  # pick_buf: sets 0..3 (set 2 is the ring)
    return (set_ << 3) | (idx << 5)


def set_sel(set_):
    return set_ << 3


def futex_sel(id_):
    return id_ << 3


class Story:
    def __init__(self, header=0):
        self.b = bytearray([header])

    def push(self, op, a=0, c=0, d=0):
        self.b += bytes([6, OPS.index(op), a, c, d])
        return self

    def cqe(self, live=0, res=RES_ZERO, flags=0, answer=0, bid=None):
        self.b += bytes([0 | (answer << 4), (live << 3) | 0, res, flags | (BID if bid is not None else 0)])
        if bid is not None:
            self.b += bytes([bid])
        return self

    def cqe_dead(self, dead=0, res=RES_ZERO, flags=0):
        self.b += bytes([1, (dead << 3) | 4, res, flags])
        return self

    def cqe_key(self, key_sel, res=RES_ZERO, flags=0):
        self.b += bytes([2, key_sel, res, flags])
        return self

    def cqe_action(self, action, live=0, res=RES_ZERO, flags=0, answer=0, bid=None):
        self.b += bytes([14 | (answer << 4), live << 3, res, flags | (BID if bid is not None else 0)])
        if bid is not None:
            self.b += bytes([bid])
        self.b += bytes([action])
        return self

    def recycle_failed(self, set_, idx):  # urb's own recycle key for that buffer
        self.b += bytes([2, 6 | 8, buf(set_, idx), RES_ZERO, 0])
        return self

    def futex(self, sel):
        self.b += bytes([10, sel])
        return self

    def release(self, live=0):
        self.b += bytes([13, live << 3])
        return self

    def buffer(self, sel, buf_sel):
        self.b += bytes([11, sel, buf_sel])
        return self

    def fd(self, sel):
        self.b += bytes([12, sel])
        return self

    def burst(self, n, op, a=0, c=0, d=0):
        while n > 0:
            k = min(n, 8)
            self.b += bytes([15 | ((k - 1) << 4)])
            for _ in range(k):
                self.b += bytes([OPS.index(op), a, c, d])
            n -= k
        return self


def stories():
    s = {}
    # every op with valid resources, then its final completion
    for header in (0, STRICT):
        tag = "strict" if header else "any"
        st = Story(header)
        st.push("accept").cqe(res=res_small(5))
        st.push("accept", c=1).cqe(res=res_kernel_slot(1))
        st.push("accept", c=2 | (5 << 2)).cqe(res=RES_ZERO)
        st.push("accept", c=2 | (6 << 2)).cqe(res=RES_ECANCELED)
        st.push("accept_multi").cqe(res=res_small(7), flags=MORE).cqe(res=RES_ECANCELED)
        st.push("nop").push("cancel").cqe(live=1, res=RES_ZERO).cqe(res=RES_ECANCELED)
        st.push("close", a=0, c=3 << 3).cqe(res=RES_ZERO)
        st.push("connect").cqe(res=res_err(14))
        st.push("epoll_ctl", a=1).cqe(res=RES_ZERO)
        st.push("epoll_wait", a=1).cqe(res=res_small(3))
        st.push("futex_wait", a=futex_sel(0)).cqe(res=RES_ZERO)
        st.push("futex_waitv", a=futex_sel(0), c=3).cqe(res=res_small(1))
        st.push("futex_wake", a=futex_sel(1), c=1).cqe(res=res_small(1))
        st.push("provide_buffers", a=set_sel(3)).cqe(res=RES_ZERO)
        st.push("recv_multi", c=set_sel(3)).cqe(res=res_len(4), flags=MORE | BUFFER, bid=1).cqe(res=RES_ECANCELED)
        st.push("remove_buffers", a=set_sel(3)).cqe(res=res_small(1))
        st.push("recv", c=buf(0, 1)).cqe(res=res_len(1))
        st.push("send", c=buf(0, 1)).cqe(res=res_len(1))
        st.push("send_zc", c=buf(0, 1)).cqe(res=res_len(1), flags=MORE).cqe(flags=NOTIF)
        st.push("shutdown", c=1).cqe(res=RES_ZERO)
        st.push("socket", a=0, c=0).cqe(res=res_small(9))
        st.push("socket", a=1, c=1).cqe(res=res_kernel_slot(2))
        st.push("socket", a=0, c=2 | (7 << 2)).cqe(res=RES_ZERO)
        s["every_op_" + tag] = st
    # a multishot accept into the kernel's slots until they run out
    st = Story(STRICT)
    st.push("accept_multi", c=1)
    for i in range(6):
        st.cqe(res=res_kernel_slot(1 + i), flags=MORE)
    st.cqe(res=res_err(7))
    s["accept_multi_auto"] = st
    # a multishot recv over the ring: buffers handed out, recycled, run out
    st = Story(STRICT).push("recv_multi", c=set_sel(2))
    for i in range(4):
        st.cqe(res=res_len(5), flags=MORE | BUFFER, bid=i)
    st.cqe_action(32, res=res_len(5), flags=MORE | BUFFER, bid=0)
    st.buffer(4, buf(2, 1)).buffer(4, buf(2, 1))  # recycle, then again: refused
    st.cqe(res=res_err(12))
    st.buffer(5, buf(2, 0))  # the ring cannot go while buffers are out
    s["recv_multi_ring"] = st
    # a provided (legacy) group: pick, fail after the pick, recycle, the recycle fails
    st = Story(0).push("provide_buffers", a=set_sel(3)).cqe(res=RES_ZERO)
    st.push("recv_multi", c=set_sel(3))
    st.cqe(res=res_len(4), flags=MORE | BUFFER, bid=0)
    st.cqe(res=res_err(12), flags=BUFFER, bid=1)
    st.buffer(4, buf(3, 0)).recycle_failed(3, 0).recycle_failed(3, 1)
    st.push("remove_buffers", a=set_sel(3)).cqe(res=res_small(2))
    s["legacy_group"] = st
    # futex words waited on cannot go
    st = Story(0).push("futex_wait", a=futex_sel(1)).futex(1 | futex_sel(1)).futex(2)
    st.push("futex_waitv", a=futex_sel(1), c=8, d=1).cqe(live=1).futex(1 | futex_sel(1))
    st.cqe().futex(1 | futex_sel(1))
    s["futex_hold"] = st
    # one record reused: stale keys after every turn
    st = Story(0)
    for i in range(6):
        st.push("nop").cqe().cqe_dead(0).cqe_dead(i)
    s["reuse_stale"] = st
    st = Story(FIFO)
    for i in range(6):
        st.push("recv", c=buf(0, 0)).cqe(res=res_len(4)).cqe_dead(0, res=res_len(6))
    s["reuse_stale_fifo"] = st
    # a full slab: the 17th push is at capacity; complete them all
    st = Story(0).burst(17, "nop")
    for i in range(16):
        st.cqe()
    st.burst(3, "nop")
    s["slab_full"] = st
    st = Story(FREE_PENDING).burst(12, "nop").push("recv", c=buf(0, 0)).push("accept")
    st.push("send", c=buf(1, 0)).push("recv_multi", c=set_sel(2)).push("futex_wait")
    s["free_pending"] = st
    # a full SQ: nothing is ever submitted
    st = Story(0)
    for i in range(260):
        st.push("nop").cqe()
    s["sq_full"] = st
    # retained records, released, their buffers reused
    st = Story(STRICT)
    st.push("recv", c=buf(0, 2)).cqe(res=res_len(2), answer=1)
    st.cqe_key(0, res=res_len(2))  # the retained key is stale
    st.release(0).push("send", c=buf(0, 2)).cqe(res=res_len(0))
    st.push("accept").cqe(res=res_small(3), answer=1).release(0)
    s["retain_release"] = st
    # pushes, releases and re-entry from the callback
    st = Story(0)
    st.push("recv", c=buf(0, 0)).cqe_action(1 | 4, res=res_len(5))
    st.b += bytes([OPS.index("send"), 0, buf(0, 0), 0])  # what the callback pushes
    st.push("nop").cqe(answer=1).push("nop").cqe_action(2, live=1)
    st.push("recv", c=buf(0, 1)).cqe_action(8, res=res_len(0))
    s["callback_actions"] = st
    # buffers and slots the kernel holds cannot be touched
    st = Story(0).push("recv", c=buf(0, 0))
    for sel in range(8):
        st.buffer(sel | (5 << 3), buf(0, 0))
    st.fd(1 | (1 << 3)).fd(1 | (4 << 3)).fd(0 | (4 << 3) | (1 << 1)).fd(1 | (4 << 3))
    st.cqe(res=RES_ECANCELED)
    for sel in range(8):
        st.buffer(sel | (5 << 3), buf(0, 0))
    s["resources_held"] = st
    # close a slot, push onto it while closing, then use it again
    st = Story(STRICT).push("close", a=0, c=1 << 3).push("recv", a=1 << 3, c=buf(0, 0))
    st.cqe(res=RES_ZERO).fd(0 | (1 << 3) | (1 << 1)).push("recv", a=1 << 3, c=buf(0, 0)).cqe()
    s["close_slot"] = st
    # MORE on a single-shot op, odd flags, odd results
    st = Story(0)
    st.push("accept", c=2 | (5 << 2)).cqe(res=RES_ZERO, flags=MORE).push("close", c=5 << 3).cqe(live=1).cqe(res=RES_ECANCELED)
    st.push("recv", c=buf(0, 0)).cqe(res=6 | (1 << 3), flags=MORE | BUFFER | NOTIF | BID | 32)
    st.b += b"\xff\xff"  # buffer id 0xffff
    st.b += bytes([0, 0, 5]) + (4096).to_bytes(4, "little") + bytes([0])  # 4096 bytes into 64
    s["odd_cqes"] = st
    return s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "cqe")
    os.makedirs(out, exist_ok=True)
    for name, st in sorted(stories().items()):
        with open(os.path.join(out, "seed_" + name), "wb") as f:
            f.write(bytes(st.b))
    print("wrote %d seeds to %s" % (len(stories()), out))


if __name__ == "__main__":
    main()
