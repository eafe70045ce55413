/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "internal.h"

#define URB__ERR_MSG(name, msg) [URB_##name - URB__ERR_BASE - 1] = msg,
static const char *const messages[] = { URB_ERRORS(URB__ERR_MSG) };
#undef URB__ERR_MSG

#define URB__ERR_NAME(name, msg) [URB_##name - URB__ERR_BASE - 1] = "URB_" #name,
static const char *const names[] = { URB_ERRORS(URB__ERR_NAME) };
#undef URB__ERR_NAME

const char *urb_strerror(int err)
{
	const char *s;

	if (err >= 0)
		return "success";
	if (URB_IS_LIB_ERROR(err))
		return messages[err - URB__ERR_BASE - 1];
	s = err >= -4095 ? strerrordesc_np(-err) : NULL;
	return s ? s : "unknown error";
}

const char *urb_err_name(int err)
{
	const char *s;

	if (err >= 0)
		return "OK";
	if (URB_IS_LIB_ERROR(err))
		return names[err - URB__ERR_BASE - 1];
	s = err >= -4095 ? strerrorname_np(-err) : NULL;
	return s ? s : "EUNKNOWN";
}
