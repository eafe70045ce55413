/* SPDX-License-Identifier: MIT */
#ifndef URB_API_H
#define URB_API_H

/* Marks the functions liburb exports; everything else stays inside it. */
#define URB_API __attribute__((visibility("default")))

#endif
