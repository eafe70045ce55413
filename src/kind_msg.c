/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "buffers.h"
#include "store.h"

/*
 * The message kind: what a sendmsg or recvmsg holds beyond its buffer
 * vector (kind_bufvec.c), whose storage run it extends with a struct
 * msghdr and a struct sockaddr_storage: the msghdr the kernel reads (and
 * for recvmsg writes back: the address length, the flags, the control
 * length), the address, and the control buffer.  The control buffer is
 * the kernel's until the final CQE; after a recvmsg it holds the control
 * bytes received.  A hold: id is the control buffer or URB_BUF_NONE, arg
 * the index of the storage hold, aux the msghdr's offset in that run,
 * flags RECV.  A multishot recvmsg's hold (flags MULTI) is laid out
 * otherwise: see urb__push_msg_room() below.
 */

#define RECV 1u
#define MULTI 2u

struct msg_area {
	struct msghdr hdr;
	struct sockaddr_storage name;
};

static struct msg_area *area_of(const struct urb_bearer *b, const struct urb__rec *rec,
				const struct urb__hold *h)
{
	return (struct msg_area *)((uint8_t *)urb__store_at(b, rec->holds[h->arg].id) + h->aux);
}

/* The address and the control buffer, checked before anything is held. */
static int check(struct urb__push *p, const struct urb_msg *msg, bool recv, uint8_t **control,
		 uint32_t *control_len)
{
	const char *op = urb__def(p->rec->op)->name;

	if (!msg)
		return urb__refuse(p->b, URB_EINVAL, "%s: the struct urb_msg is NULL", op);
	if (!recv && (msg->name ? msg->name_len < sizeof(sa_family_t) ||
				  msg->name_len > sizeof(struct sockaddr_storage) : msg->name_len != 0))
		return urb__refuse(p->b, URB_EINVAL, "%s: name_len %u does not fit the address%s", op,
				   msg->name_len, msg->name ? "" : " (name is NULL)");
	*control = NULL;
	*control_len = 0;
	if (!msg->control)
		return 0;
	for (uint32_t i = 0; msg->bufs && i < msg->count; i++)
		if (msg->bufs[i] == *msg->control)
			return urb__refuse(p->b, URB_EINVAL, "%s: buffer %u.%u is both data and control",
					   op, URB_BUF_SET(*msg->control), URB_BUF_INDEX(*msg->control));
	return urb__buf_check(p, *msg->control, recv, 0, 0, control, control_len);
}

int urb__push_msg(struct urb__push *p, const struct urb_msg *msg, bool recv, uint64_t *addr)
{
	struct urb__hold *h;
	struct msg_area *area;
	struct iovec *iov;
	uint8_t *control;
	uint32_t control_len;
	int rc = check(p, msg, recv, &control, &control_len);

	if (rc >= 0)
		rc = urb__bufvec_take(p, msg->bufs, msg->count, recv, false, sizeof(*area), &iov,
				      (void **)&area);
	if (rc >= 0)
		rc = urb__hold_add(p, URB__KIND_MSG, msg->control ? *msg->control : URB_BUF_NONE, &h);
	if (rc < 0)
		return rc;
	h->arg = p->rec->holds[p->rec->nholds - 2].arg; /* the vector's run */
	h->aux = (uint16_t)urb__bufvec_bytes(msg->count);
	h->flags = recv ? RECV : 0;
	memset(area, 0, sizeof(*area));
	if (recv) {
		area->hdr.msg_name = &area->name;
		area->hdr.msg_namelen = sizeof(area->name);
	} else if (msg->name) {
		memcpy(&area->name, msg->name, msg->name_len);
		area->hdr.msg_name = &area->name;
		area->hdr.msg_namelen = msg->name_len;
	}
	area->hdr.msg_iov = iov;
	area->hdr.msg_iovlen = msg->count;
	area->hdr.msg_control = control;
	area->hdr.msg_controllen = control_len;
	*addr = (uint64_t)(uintptr_t)&area->hdr;
	return 0;
}

static void take(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h)
{
	uint8_t *data;
	uint32_t cap;

	(void)rec;
	if (h->id != URB_BUF_NONE && !(h->flags & MULTI))
		urb__own_move(&urb__buf_meta(b, h->id, &data, &cap)->state, URB_OWN_KERNEL);
}

/* The control bytes a recvmsg received: what the kernel says, never past the buffer. */
static uint32_t control_got(const struct msg_area *area, uint32_t cap, int32_t res)
{
	if (res < 0)
		return 0;
	return area->hdr.msg_controllen < cap ? (uint32_t)area->hdr.msg_controllen : cap;
}

static void give_back(struct urb_bearer *b, struct urb__rec *rec, struct urb__hold *h,
		      int32_t res)
{
	struct urb__buf_meta *m;
	uint8_t *data;
	uint32_t cap;

	if (h->id == URB_BUF_NONE || (h->flags & MULTI))
		return;
	m = urb__buf_meta(b, h->id, &data, &cap);
	urb__own_move(&m->state, URB_OWN_RETURNED);
	if (h->flags & RECV)
		m->len = control_got(area_of(b, rec, h), cap, res);
}

const struct urb__kind_ops urb__kind_msg = {
	.name = "message",
	.take = take,
	.give_back = give_back,
};

void urb__fill_msg(const struct urb_bearer *b, const struct urb__rec *rec, int32_t res,
		   struct urb_msg_done *out)
{
	const struct urb__hold *h = urb__rec_hold(rec, URB__KIND_MSG);
	const struct msg_area *area;
	uint8_t *data;
	uint32_t cap;

	memset(out, 0, sizeof(*out));
	out->control.buf = URB_BUF_NONE;
	if (!h || res < 0 || (h->flags & MULTI))
		return;
	area = area_of(b, rec, h);
	out->peer.addr = (const struct sockaddr *)&area->name;
	out->peer.len = area->hdr.msg_namelen < sizeof(area->name) ? area->hdr.msg_namelen :
			sizeof(area->name);
	out->flags = (uint32_t)area->hdr.msg_flags;
	if (h->id != URB_BUF_NONE && urb__buf_meta(b, h->id, &data, &cap)) {
		out->control.buf = h->id;
		out->control.data = data;
		out->control.len = control_got(area, cap, res);
	}
}

/*
 * A multishot recvmsg: no buffers of its own, the msghdr only says how much
 * room each selected buffer keeps for the address and the control before
 * the payload.  Its hold (flags MULTI): arg the storage hold, aux the
 * address room, id the control room.
 */

/* The header the kernel writes at the start of each selected buffer. */
struct recvmsg_out {
	uint32_t namelen;
	uint32_t controllen;
	uint32_t payloadlen;
	uint32_t flags;
};

int urb__push_msg_room(struct urb__push *p, const struct urb_msg_room *room, uint64_t *addr)
{
	static const struct urb_msg_room none;
	const char *op = urb__def(p->rec->op)->name;
	const struct urb__hold *group = urb__rec_hold(p->rec, URB__KIND_GROUP);
	struct urb__hold *h;
	struct msghdr *hdr;
	uint32_t run_hold;
	uint64_t head;
	int rc;

	if (!room)
		room = &none;
	if (!group)
		return urb__refuse(p->b, URB_EINVAL, "%s: a multishot recvmsg needs its group first",
				   op);
	if (p->b->sets[group->id].group == URB__GROUP_RING &&
	    p->b->sets[group->id].ring->incremental)
		return urb__refuse(p->b, URB_ENOTALLOWED, "%s: buffer group %u is an incremental "
				   "ring: each message's header starts where its piece does, and the "
				   "kernel fails the receive (-EFAULT) once a buffer's rest is shorter "
				   "than the header", op, group->id);
	head = sizeof(struct recvmsg_out) + (uint64_t)room->name_len + room->control_len;
	if (room->name_len > sizeof(struct sockaddr_storage) || head >= p->b->sets[group->id].len)
		return urb__refuse(p->b, URB_ERANGE, "%s: room for %u address and %u control bytes "
				   "leaves no payload in the %u-byte buffers of group %u", op,
				   room->name_len, room->control_len, p->b->sets[group->id].len,
				   group->id);
	rc = urb__store_take(p, sizeof(*hdr), (void **)&hdr, &run_hold);
	if (rc >= 0)
		rc = urb__hold_add(p, URB__KIND_MSG, room->control_len, &h);
	if (rc < 0)
		return rc;
	h->flags = MULTI | RECV;
	h->arg = run_hold;
	h->aux = (uint16_t)room->name_len;
	memset(hdr, 0, sizeof(*hdr));
	hdr->msg_namelen = room->name_len;
	hdr->msg_controllen = room->control_len;
	*addr = (uint64_t)(uintptr_t)hdr;
	return 0;
}

void urb__fill_msg_part(const struct urb_bearer *b, const struct urb__rec *rec,
			const struct urb_completion *c, struct urb_msg_part *out)
{
	const struct urb__hold *h = urb__rec_hold(rec, URB__KIND_MSG);
	const struct recvmsg_out *head;
	uint32_t name_room, control_room, got, at;
	uint8_t *data;
	uint32_t cap;

	memset(out, 0, sizeof(*out));
	out->buf = c->selected;
	if (!h || c->result < 0 || c->selected == URB_BUF_NONE ||
	    !urb__buf_meta(b, c->selected, &data, &cap))
		return;
	name_room = h->aux;
	control_room = h->id;
	got = (uint32_t)c->result < cap ? (uint32_t)c->result : cap;
	at = (uint32_t)sizeof(*head) + name_room + control_room;
	if (got < at)
		return; /* no header: nothing the kernel wrote can be read */
	head = (const struct recvmsg_out *)data;
	out->flags = head->flags;
	out->name_len = head->namelen;
	if (name_room) {
		out->peer.addr = (const struct sockaddr *)(data + sizeof(*head));
		out->peer.len = head->namelen < name_room ? head->namelen : name_room;
	}
	out->control = data + sizeof(*head) + name_room;
	out->control_len = head->controllen < control_room ? head->controllen : control_room;
	out->data = data + at;
	out->len = got - at;
}
