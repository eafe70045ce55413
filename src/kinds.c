/* SPDX-License-Identifier: MIT */
#include "internal.h"

/*
 * The resource kinds and the walks over a record's holds: push commit,
 * each CQE, the final CQE, release and drain only go through these, so a
 * new kind is one kind_<name>.c file and its entry in spec/schema.yaml's
 * kinds, which the table below takes through the generated URB__KIND_LIST
 * (docs/ADDING_AN_OPCODE.md walks through it).
 */

#define URB__KIND_ENTRY(NAME, name) [URB__KIND_##NAME] = &urb__kind_##name,
const struct urb__kind_ops *const urb__kinds[URB__KIND__COUNT] = {
	URB__KIND_LIST(URB__KIND_ENTRY)
};
#undef URB__KIND_ENTRY

size_t urb__kinds_books(const struct urb_bearer *b, void *out, size_t room)
{
	size_t at = 0;

	for (unsigned k = 0; k < URB__KIND__COUNT; k++)
		if (urb__kinds[k]->books)
			at += urb__kinds[k]->books(b, out ? (uint8_t *)out + at : NULL,
						   room > at ? room - at : 0);
	return at;
}

int urb__holds_full(struct urb__push *p, enum urb__kind kind)
{
	return urb__refuse(p->b, URB_EINVAL, "%s: holds more than %u resources (a %s too)",
			   urb__def(p->rec->op)->name, URB__REC_MAX_HOLDS, urb__kinds[kind]->name);
}

void urb__holds_take(struct urb_bearer *b, struct urb__rec *rec)
{
	for (unsigned i = 0; i < rec->nholds; i++) {
		const struct urb__kind_ops *k = urb__kinds[rec->holds[i].kind];

		if (k->take)
			k->take(b, rec, &rec->holds[i]);
	}
}

void urb__holds_untake(struct urb_bearer *b, struct urb__rec *rec)
{
	for (unsigned i = 0; i < rec->nholds; i++) {
		const struct urb__kind_ops *k = urb__kinds[rec->holds[i].kind];

		if (k->untake)
			k->untake(b, &rec->holds[i]);
	}
}

void urb__holds_each(struct urb_bearer *b, struct urb__rec *rec, struct urb_completion *c)
{
	for (unsigned i = 0; i < rec->nholds; i++) {
		const struct urb__kind_ops *k = urb__kinds[rec->holds[i].kind];

		if (k->each)
			k->each(b, rec, &rec->holds[i], c);
	}
}

void urb__holds_give_back(struct urb_bearer *b, struct urb__rec *rec, int32_t res)
{
	for (unsigned i = 0; i < rec->nholds; i++) {
		const struct urb__kind_ops *k = urb__kinds[rec->holds[i].kind];

		if (k->give_back)
			k->give_back(b, rec, &rec->holds[i], res);
	}
}

void urb__holds_release(struct urb_bearer *b, struct urb__rec *rec)
{
	for (unsigned i = 0; i < rec->nholds; i++) {
		const struct urb__kind_ops *k = urb__kinds[rec->holds[i].kind];

		if (k->release)
			k->release(b, &rec->holds[i]);
	}
	rec->nholds = 0;
}

void urb__holds_drained(struct urb_bearer *b, const struct urb__rec *rec, int32_t res)
{
	for (unsigned i = 0; i < rec->nholds; i++) {
		const struct urb__kind_ops *k = urb__kinds[rec->holds[i].kind];

		if (k->drained)
			k->drained(b, rec, &rec->holds[i], res);
	}
}

/*
 * A record stays no larger than with the fixed holds struct it replaced
 * (336 bytes) and the books of its buffer hold (urb__buf_books, 24).
 */
_Static_assert(sizeof(void *) != 8 || sizeof(struct urb__rec) <= 336 + 24,
	       "a record outgrew its 360 bytes: the holds and a buffer's books");
