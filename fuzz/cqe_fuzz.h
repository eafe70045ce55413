/* SPDX-License-Identifier: MIT */
#ifndef URB_CQE_FUZZ_H
#define URB_CQE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The libFuzzer entry point; fuzz/replay.c calls it without libFuzzer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Counts of what the inputs so far exercised. */
void urb_fuzz_cqe_report(FILE *f);

#endif
