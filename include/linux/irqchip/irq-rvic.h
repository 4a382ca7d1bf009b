/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rVIC/rVID hypercall ABI, shared by the guest irqchip driver and KVM.
 *
 * The reduced Virtual Interrupt Controller (rVIC, one instance per vCPU)
 * and the reduced Virtual Interrupt Distributor (rVID, one per VM) are
 * driven entirely through SMCCC v1.1 fast calls, SMC64 convention, in the
 * Standard Hypervisor Service Calls range (owner 5). The guest uses the
 * conduit advertised by PSCI (HVC under KVM).
 *
 * Register usage for every call:
 *   x0  in: function ID             out: status word (RVIC_STATUS_*)
 *   x1  in: first argument          out: value, for calls that return one
 *   x2  in: second argument         out: 0
 *   x3  in: third argument          out: 0
 *
 * A "target" argument is the MPIDR affinity of a vCPU, that is its
 * MPIDR_EL1 value masked with MPIDR_HWID_BITMASK. Arguments are full 64-bit
 * registers: a value with bits set above the width of its field is out of
 * range, it is never truncated.
 *
 * See Documentation/virt/kvm/arm/rvic.rst for the behaviour of each call.
 */

#ifndef __LINUX_IRQCHIP_IRQ_RVIC_H
#define __LINUX_IRQCHIP_IRQ_RVIC_H

#include <linux/arm-smccc.h>
#include <linux/bits.h>

/*
 * Function IDs.
 *
 * rVIC function n is 0xC5000200 + n, rVID function n is 0xC5000100 + n.
 * The numeric values are checked by the static_assert()s at the end of
 * this file.
 */
#define RVIC_FN_BASE			0x200
#define RVID_FN_BASE			0x100

#define __RVIX_FN(base, n)					\
	ARM_SMCCC_CALL_VAL(ARM_SMCCC_FAST_CALL,			\
			   ARM_SMCCC_SMC_64,			\
			   ARM_SMCCC_OWNER_STANDARD_HYP,	\
			   (base) + (n))

#define RVIC_FN(n)			__RVIX_FN(RVIC_FN_BASE, n)
#define RVID_FN(n)			__RVIX_FN(RVID_FN_BASE, n)

/* rVIC calls; all but VERSION and INFO act on rVIC instances */
#define RVIC_FN_VERSION			RVIC_FN(0)
#define RVIC_FN_INFO			RVIC_FN(1)
#define RVIC_FN_ENABLE			RVIC_FN(2)
#define RVIC_FN_DISABLE			RVIC_FN(3)
#define RVIC_FN_SET_MASKED		RVIC_FN(4)
#define RVIC_FN_CLEAR_MASKED		RVIC_FN(5)
#define RVIC_FN_IS_PENDING		RVIC_FN(6)
#define RVIC_FN_SIGNAL			RVIC_FN(7)
#define RVIC_FN_CLEAR_PENDING		RVIC_FN(8)
#define RVIC_FN_ACKNOWLEDGE		RVIC_FN(9)
#define RVIC_FN_RESAMPLE		RVIC_FN(10)
#define RVIC_FN_FIRST			RVIC_FN_VERSION
#define RVIC_FN_LAST			RVIC_FN_RESAMPLE

/*
 * Extension 1 of this implementation, beyond the 2020 specification (see
 * "Extension 1" in Documentation/virt/kvm/arm/rvic.rst): opt-in per
 * instance with RVIC_FN_EXT_NEGOTIATE; before that, and on a 0.3
 * hypervisor, all three answer SMCCC_RET_NOT_SUPPORTED.
 */
#define RVIC_FN_EXT_NEGOTIATE		RVIC_FN(0x80)
#define RVIC_FN_EXT_ACKNOWLEDGE		RVIC_FN(0x81)
#define RVIC_FN_EXT_EOI			RVIC_FN(0x82)
#define RVIC_FN_EXT_FIRST		RVIC_FN_EXT_NEGOTIATE
#define RVIC_FN_EXT_LAST		RVIC_FN_EXT_EOI

/* The highest extension revision this implementation knows */
#define RVIC_EXT_REV			1
/* RVIC_FN_EXT_NEGOTIATE: largest revision argument accepted */
#define RVIC_EXT_REV_MAX_ARG		0xffff

/* x2 out of RVIC_FN_EXT_ACKNOWLEDGE (and of EXT_EOI with ACK_NEXT) */
#define RVIC_EXT_ACK_MASKED		BIT(0)	/* masked: end it with EXT_EOI */
#define RVIC_EXT_ACK_MORE		BIT(1)	/* another one is deliverable */
/* x2 in of RVIC_FN_EXT_EOI */
#define RVIC_EXT_EOI_UNMASK		BIT(0)
#define RVIC_EXT_EOI_ACK_NEXT		BIT(1)
#define RVIC_EXT_EOI_FLAGS		(RVIC_EXT_EOI_UNMASK | RVIC_EXT_EOI_ACK_NEXT)

/* rVID calls */
#define RVID_FN_VERSION			RVID_FN(0)
#define RVID_FN_MAP			RVID_FN(1)
#define RVID_FN_UNMAP			RVID_FN(2)
#define RVID_FN_FIRST			RVID_FN_VERSION
#define RVID_FN_LAST			RVID_FN_UNMAP

/*
 * Status word, returned in x0 by every rVIC and rVID call: a reason, and
 * for a failure blamed on an argument, the 0-based index of that argument
 * (RVIC_STATUS_ARG_X1 for x1, and so on).
 */
#define RVIC_STATUS_REASON_MASK		GENMASK(7, 0)
#define RVIC_STATUS_INDEX_MASK		GENMASK(15, 8)

#define RVIC_STATUS_SUCCESS		0
#define RVIC_STATUS_ERROR_PARAMETER	1
#define RVIC_STATUS_INVALID_CPU		2
#define RVIC_STATUS_DISABLED		3
#define RVIC_STATUS_NO_INTERRUPTS	4

#define RVIC_STATUS_ARG_X1		0
#define RVIC_STATUS_ARG_X2		1
#define RVIC_STATUS_ARG_X3		2

/*
 * Version word, returned in x1 by RVIC_FN_VERSION and RVID_FN_VERSION.
 * Major in the upper half, so that packed versions compare as integers.
 */
#define RVIC_VERSION_MAJOR_MASK		GENMASK(31, 16)
#define RVIC_VERSION_MINOR_MASK		GENMASK(15, 0)

/* RVIC_FN_INFO keys, passed in x1 */
#define RVIC_INFO_KEY_NR_TRUSTED	0
#define RVIC_INFO_KEY_NR_UNTRUSTED	1

/*
 * INTID space of each rVIC instance:
 *   [0, nr_trusted)         trusted: raised by the hypervisor only
 *                           (IPIs, timers, PMU), edge or level
 *   [nr_trusted, nr_total)  untrusted: reachable through the rVID only,
 *                           edge only
 * The first trusted INTIDs are the IPIs, SIGNALled by other vCPUs.
 */
#define RVIC_IPI_BASE			0
#define RVIC_NR_IPIS			16

/* Default INTIDs of the arch timers, those KVM uses for its PPIs */
#define RVIC_TIMER_VIRT_INTID		27
#define RVIC_TIMER_PHYS_INTID		30

/*
 * Constraints on the counts the VMM configures: each count is a multiple
 * of RVIC_NR_INTID_ALIGN and at least RVIC_MIN_NR_TRUSTED (resp.
 * RVIC_MIN_NR_UNTRUSTED), and the total does not exceed RVIC_MAX_NR_INTIDS.
 * rVID inputs are numbered [0, nr_untrusted).
 */
#define RVIC_NR_INTID_ALIGN		32
#define RVIC_MIN_NR_TRUSTED		32
#define RVIC_MIN_NR_UNTRUSTED		32
#define RVIC_MAX_NR_INTIDS		2048

#ifndef __ASSEMBLY__

#include <linux/bitfield.h>
#include <linux/types.h>
#include <linux/build_bug.h>

#define RVIC_STATUS_REASON(status)	FIELD_GET(RVIC_STATUS_REASON_MASK, (status))
#define RVIC_STATUS_INDEX(status)	FIELD_GET(RVIC_STATUS_INDEX_MASK, (status))
#define RVIC_STATUS_PACK(reason, idx)				\
	(FIELD_PREP(RVIC_STATUS_REASON_MASK, (reason)) |	\
	 FIELD_PREP(RVIC_STATUS_INDEX_MASK, (idx)))

/* Constant expression, so usable in static initialisers and asserts */
#define RVIC_VERSION(major, minor)				\
	(FIELD_PREP_CONST(RVIC_VERSION_MAJOR_MASK, (major)) |	\
	 FIELD_PREP_CONST(RVIC_VERSION_MINOR_MASK, (minor)))
#define RVIC_VERSION_MAJOR(version)	FIELD_GET(RVIC_VERSION_MAJOR_MASK, (version))
#define RVIC_VERSION_MINOR(version)	FIELD_GET(RVIC_VERSION_MINOR_MASK, (version))

/* Version reported by both the rVIC and the rVID of this implementation */
#define RVIC_VERSION_IMPL		RVIC_VERSION(0, 3)
/* Oldest version a guest accepts, for either of them */
#define RVIC_VERSION_MIN		RVIC_VERSION(0, 3)

/*
 * The extension's level class: the INTIDs RVIC_FN_EXT_ACKNOWLEDGE masks,
 * trusted ones past the IPIs, whose source may be level-sensitive.
 */
static inline bool rvic_ext_level_class(u64 intid, u64 nr_trusted)
{
	return intid >= RVIC_NR_IPIS && intid < nr_trusted;
}

static_assert(RVIC_FN_VERSION == 0xC5000200);
static_assert(RVIC_FN_EXT_NEGOTIATE == 0xC5000280);
static_assert(RVIC_FN_EXT_EOI == 0xC5000282);
static_assert(RVIC_FN_RESAMPLE == 0xC500020A);
static_assert(RVID_FN_VERSION == 0xC5000100);
static_assert(RVID_FN_UNMAP == 0xC5000102);
static_assert(RVIC_VERSION_IMPL == 0x00000003);

#endif /* !__ASSEMBLY__ */

#endif /* __LINUX_IRQCHIP_IRQ_RVIC_H */
