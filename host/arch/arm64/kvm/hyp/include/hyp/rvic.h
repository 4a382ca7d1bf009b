/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rVIC instance of a vCPU, and the operations on it that both worlds
 * run: the host (arch/arm64/kvm/rvic/rvic.c) and the EL2 fast path,
 * kvm_hyp_handle_rvic(), an exit handler of the VHE and nVHE switch code.
 * Everything here is inline and calls nothing out of line, so that the
 * nVHE hypervisor can use it; nothing here takes a kernel pointer that the
 * caller has not converted (kern_hyp_va()).
 *
 * Sharing. The instance is one kzalloc'ed block, shared with the nVHE
 * hypervisor (kvm_share_hyp()) as the vcpu is; at EL2 it is reached from
 * the vcpu through kern_hyp_va(vcpu->arch.rvic). Only @maps[].ops and
 * @owners carry kernel pointers, and EL2 never follows them.
 *
 * Memory ordering. Every field is read and written only under @lock, by
 * the host with interrupts disabled (rvic_lock()) and at EL2, where
 * interrupts are masked anyway. The lock is the hypervisor's ticket lock:
 * hyp_spin_lock() is an acquire, hyp_spin_unlock() a release, on the same
 * inner-shareable memory in both worlds, so whatever one side wrote before
 * its unlock is seen by the other after its lock, with no other barrier.
 * At most one instance lock is held at a time, on either side; EL2 takes
 * no other lock in VHE and nVHE (protected mode: see hyp/nvhe/rvic.c).
 * The per-VM counts, the extension offered (ext_offered)
 * and @ready are written once before any vCPU runs, under the config
 * lock, and never after @ready; EL2 reads @ready with an acquire that
 * pairs with the release store of the finalising host
 * (rvic-kvm-device.c). An instance's @ext_rev is under its lock, like
 * the rest of it.
 *
 * The line. HCR_EL2.VI is "FIFO not empty". The host computes it before
 * each guest entry (kvm_rvic_flush_hwstate()); the fast path recomputes it
 * under the lock after a call and writes both the vcpu's copy and the live
 * register, so the guest returns with the right line. A change made by
 * another CPU after that unlock is followed by a request and a kick of
 * this vCPU, which is IN_GUEST_MODE the whole time: its IPI is pending at
 * EL2 and makes the vCPU exit as soon as it returns to the guest, and the
 * next entry recomputes the line. So no change is left unseen. A call the
 * fast path completes on another vCPU's instance never moves that vCPU's
 * line (rvic_el2_moves_line()), so it needs no kick; one that would is
 * left whole to the host, which kicks.
 *
 * Protected mode. The instance the guest uses is the hypervisor's own,
 * in its struct pkvm_hyp_vcpu, and the host's (still allocated) only holds
 * what the host registers before a vCPU first runs; the same helpers run
 * on it at EL2, under the same lock, and hyp/nvhe/rvic.c states what
 * differs: every call completes at EL2, the line is the hypervisor's, the
 * host asks through __pkvm_rvic_op.
 *
 * Finding that vCPU. kvm->arch.rvic.el2_vcpus lists the vCPUs (kernel
 * pointers, converted here); entries below el2_nr_vcpus never change, and
 * EL2 reads el2_nr_vcpus with an acquire that pairs with the host's
 * release after writing them. Each vcpu, like its instance, lives until
 * the VM is destroyed, when no vCPU runs.
 */
#ifndef __ARM64_KVM_HYP_RVIC_H__
#define __ARM64_KVM_HYP_RVIC_H__

#include <linux/align.h>
#include <linux/bitops.h>
#include <linux/irqchip/irq-rvic.h>
#include <linux/lockdep_types.h>
#include <clocksource/arm_arch_timer.h>
#include <asm/kvm_emulate.h>
#include <asm/kvm_hyp.h>
#include <asm/kvm_mmu.h>
#include <asm/sysreg.h>

#include "../nvhe/spinlock.h"

/* Where EL2 reads the level of a hardware source: none, or a timer's CTL */
enum kvm_rvic_el2_level {
	KVM_RVIC_LEVEL_HOST,	/* only the host can: go there */
	KVM_RVIC_LEVEL_CNTV,
	KVM_RVIC_LEVEL_CNTP,
};

/* A trusted, level-sensitive INTID backed by a host interrupt */
struct kvm_rvic_map {
	unsigned int		host_irq;	/* 0: slot free */
	u32			intid;
	u32			hwintid;	/* of host_irq, in the host's GIC */
	u8			el2_level;	/* enum kvm_rvic_el2_level */
	struct irq_ops		*ops;		/* EL1 only */
};

struct kvm_rvic_owner {
	u32			intid;
	void			*owner;		/* NULL: slot free, EL1 only */
};

struct kvm_rvic_vcpu {
	/* Protects everything below; see the top of this file. */
	hyp_spinlock_t		lock;
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	struct lockdep_map	dep_map;	/* the host's view of @lock */
#endif
	bool			enabled;
	/* Extension revision in use, 0 for the 0.3 ABI (RVIC_FN_EXT_*) */
	u8			ext_rev;
	u16			fifo_head;
	u16			fifo_len;
	DECLARE_BITMAP(pending, KVM_RVIC_MAX_INTIDS);
	DECLARE_BITMAP(unmasked, KVM_RVIC_MAX_INTIDS);
	/* Last level of each level source (trusted INTIDs only) */
	DECLARE_BITMAP(level, KVM_RVIC_MAX_INTIDS);
	/*
	 * Hardware sources acknowledged and not yet resampled: their host
	 * interrupt is left active. A bitmap rather than a flag of the map,
	 * so that a restored state can hold it before the map exists.
	 */
	DECLARE_BITMAP(active, KVM_RVIC_MAX_INTIDS);
	u16			fifo[KVM_RVIC_MAX_INTIDS];
	struct kvm_rvic_map	maps[KVM_RVIC_NR_MAPS];
	struct kvm_rvic_owner	owners[KVM_RVIC_NR_OWNERS];
	/* Protected mode, the hypervisor's instance only: see nvhe/rvic.c */
	struct {
		bool		sources;	/* @maps, @owners read from the host */
		u16		kick;		/* 1 + index of a vCPU to kick */
		u64		status;		/* x0 of the call that asked it */
		u64		mpidr;		/* of this vCPU, for the targets */
	} pkvm;
};

/* Are these the counts of an rVIC (KVM_DEV_ARM_RVIC_GRP_NR_IRQS)? */
static inline bool rvic_counts_valid(u32 nr_trusted, u32 nr_total)
{
	return IS_ALIGNED(nr_trusted, RVIC_NR_INTID_ALIGN) &&
	       IS_ALIGNED(nr_total, RVIC_NR_INTID_ALIGN) &&
	       nr_trusted >= RVIC_MIN_NR_TRUSTED &&
	       nr_total <= RVIC_MAX_NR_INTIDS &&
	       nr_trusted <= nr_total &&	/* no wrap-around below */
	       nr_total - nr_trusted >= RVIC_MIN_NR_UNTRUSTED;
}

/* Everything below runs with the instance lock held. */

static inline bool rvic_deliverable(struct kvm_rvic_vcpu *rvic, u32 intid)
{
	return rvic->enabled && test_bit(intid, rvic->pending) &&
	       test_bit(intid, rvic->unmasked);
}

static inline void rvic_fifo_push(struct kvm_rvic_vcpu *rvic, u32 intid)
{
	rvic->fifo[(rvic->fifo_head + rvic->fifo_len) % KVM_RVIC_MAX_INTIDS] = intid;
	rvic->fifo_len++;
}

static inline u32 rvic_fifo_pop(struct kvm_rvic_vcpu *rvic)
{
	u32 intid = rvic->fifo[rvic->fifo_head];

	rvic->fifo_head = (rvic->fifo_head + 1) % KVM_RVIC_MAX_INTIDS;
	rvic->fifo_len--;
	return intid;
}

/* The FIFO is short in practice: removal shifts what follows @intid. */
static inline void rvic_fifo_remove(struct kvm_rvic_vcpu *rvic, u32 intid)
{
	unsigned int i, found = rvic->fifo_len;

	for (i = 0; i < rvic->fifo_len; i++) {
		unsigned int pos = (rvic->fifo_head + i) % KVM_RVIC_MAX_INTIDS;

		if (found < rvic->fifo_len)
			rvic->fifo[(pos + KVM_RVIC_MAX_INTIDS - 1) % KVM_RVIC_MAX_INTIDS] =
				rvic->fifo[pos];
		else if (rvic->fifo[pos] == intid)
			found = i;
	}
	if (found < rvic->fifo_len)
		rvic->fifo_len--;
}

/*
 * Set or clear @intid in @map (pending or unmasked) and restore the FIFO
 * invariant: in the FIFO if and only if deliverable, once, in order.
 */
static inline void rvic_assign(struct kvm_rvic_vcpu *rvic, unsigned long *map,
			       u32 intid, bool val)
{
	bool was = rvic_deliverable(rvic, intid), now;

	__assign_bit(intid, map, val);
	now = rvic_deliverable(rvic, intid);
	if (was && !now)
		rvic_fifo_remove(rvic, intid);
	else if (!was && now)
		rvic_fifo_push(rvic, intid);
}

/*
 * The second half of ENABLE, once the caller has made pending each level
 * source that is high: whatever is pending and unmasked is deliverable.
 * A plain loop: find_next_bit() is out of line, which EL2 cannot call.
 */
static inline void rvic_enable_fifo(struct kvm_rvic_vcpu *rvic, u32 nr_total)
{
	unsigned int intid;

	rvic->enabled = true;
	for (intid = 0; intid < nr_total; intid++) {
		if (test_bit(intid, rvic->pending) && test_bit(intid, rvic->unmasked))
			rvic_fifo_push(rvic, intid);
	}
}

/*
 * The reset state: disabled, at the 0.3 ABI, every INTID masked and not
 * pending, no level recorded, nothing held active. The hardware mappings
 * and the owners of the trusted INTIDs stay.
 */
static inline void rvic_reset_state(struct kvm_rvic_vcpu *rvic)
{
	rvic->enabled = false;
	rvic->ext_rev = 0;
	rvic->fifo_head = 0;
	rvic->fifo_len = 0;
	bitmap_zero(rvic->pending, KVM_RVIC_MAX_INTIDS);
	bitmap_zero(rvic->unmasked, KVM_RVIC_MAX_INTIDS);
	bitmap_zero(rvic->level, KVM_RVIC_MAX_INTIDS);
	bitmap_zero(rvic->active, KVM_RVIC_MAX_INTIDS);
}

/*
 * A level source reports its level: a rising one makes @intid pending
 * (dropped while the instance is disabled), a falling one is recorded for
 * RESAMPLE.
 */
static inline void rvic_report_level(struct kvm_rvic_vcpu *rvic, u32 intid, bool level)
{
	bool rising = level && !test_bit(intid, rvic->level);

	__assign_bit(intid, rvic->level, level);
	if (rising && rvic->enabled)
		rvic_assign(rvic, rvic->pending, intid, true);
}

/* DISABLE, which also returns the instance to the 0.3 ABI */
static inline void rvic_disable(struct kvm_rvic_vcpu *rvic)
{
	rvic->enabled = false;
	rvic->ext_rev = 0;
	rvic->fifo_len = 0;
}

static inline struct kvm_rvic_map *rvic_find_map(struct kvm_rvic_vcpu *rvic,
						 u32 intid)
{
	for (int i = 0; i < KVM_RVIC_NR_MAPS; i++) {
		if (rvic->maps[i].host_irq && rvic->maps[i].intid == intid)
			return &rvic->maps[i];
	}
	return NULL;
}

/*
 * Take the oldest deliverable INTID: no longer pending, and masked if
 * @mask_from <= INTID < @mask_to. A hardware source stays active until the
 * guest resamples it. *@flagsp gets the extension's MASKED and MORE bits.
 */
static inline unsigned long rvic_take(struct kvm_rvic_vcpu *rvic, u32 mask_from,
				      u32 mask_to, u64 *intidp, u64 *flagsp)
{
	u64 flags = 0;
	u32 intid;

	if (!rvic->enabled)
		return RVIC_STATUS_PACK(RVIC_STATUS_DISABLED, 0);
	if (!rvic->fifo_len)
		return RVIC_STATUS_PACK(RVIC_STATUS_NO_INTERRUPTS, 0);
	intid = rvic_fifo_pop(rvic);
	__clear_bit(intid, rvic->pending);
	if (intid >= mask_from && intid < mask_to) {
		__clear_bit(intid, rvic->unmasked);
		flags |= RVIC_EXT_ACK_MASKED;
	}
	if (rvic_find_map(rvic, intid))
		__set_bit(intid, rvic->active);
	if (rvic->fifo_len)
		flags |= RVIC_EXT_ACK_MORE;
	*intidp = intid;
	*flagsp = flags;
	return RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
}

/* ACKNOWLEDGE (0.3): the oldest deliverable INTID, now masked */
static inline unsigned long rvic_ack(struct kvm_rvic_vcpu *rvic, u64 *intidp)
{
	u64 flags;

	return rvic_take(rvic, 0, KVM_RVIC_MAX_INTIDS, intidp, &flags);
}

/*
 * EXT_ACKNOWLEDGE: the same, masked only in the level class (mapped
 * sources are all in it: kvm_rvic_map_phys_irq()).
 */
static inline unsigned long rvic_ext_ack(struct kvm_rvic_vcpu *rvic, u32 nr_trusted,
					 u64 *intidp, u64 *flagsp)
{
	return rvic_take(rvic, RVIC_NR_IPIS, nr_trusted, intidp, flagsp);
}

/* EXT_NEGOTIATE, once the extension is known to be offered */
static inline unsigned long rvic_ext_negotiate(struct kvm_rvic_vcpu *rvic, u8 offered,
					       u64 rev, u64 *val)
{
	if (rev > RVIC_EXT_REV_MAX_ARG)
		return RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER, RVIC_STATUS_ARG_X1);
	rvic->ext_rev = min_t(u64, rev, offered);
	*val = rvic->ext_rev;
	return RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
}

/*
 * What EXT_EOI does after its resample, under the same lock hold: unmask
 * @intid (appended to the FIFO if pending), then take the next INTID.
 */
static inline unsigned long rvic_ext_eoi_rest(struct kvm_rvic_vcpu *rvic, u32 nr_trusted,
					      u32 intid, u64 flags, u64 *val, u64 *val2)
{
	if (flags & RVIC_EXT_EOI_UNMASK)
		rvic_assign(rvic, rvic->unmasked, intid, true);
	if (flags & RVIC_EXT_EOI_ACK_NEXT)
		return rvic_ext_ack(rvic, nr_trusted, val, val2);
	return RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
}

/*
 * The argument checks of the extension's calls, shared by both worlds:
 * 0 if @func may go on, else the status word to return.
 */
static inline unsigned long rvic_ext_check(struct kvm_rvic_vcpu *rvic, u32 func,
					   u32 nr_total, u64 arg1, u64 arg2)
{
	if (!rvic->ext_rev)
		return SMCCC_RET_NOT_SUPPORTED;
	if (func != RVIC_FN_EXT_EOI)
		return 0;
	if (arg1 >= nr_total)
		return RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER, RVIC_STATUS_ARG_X1);
	if (arg2 & ~(u64)RVIC_EXT_EOI_FLAGS)
		return RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER, RVIC_STATUS_ARG_X2);
	return 0;
}

/*
 * SET_MASKED, CLEAR_MASKED, IS_PENDING or CLEAR_PENDING on an instance.
 * @level, the source's level, is used by CLEAR_PENDING only: a level
 * source still high stays pending, as on a GIC.
 */
static inline void rvic_target_op(struct kvm_rvic_vcpu *rvic, u32 func,
				  u32 intid, bool level, u64 *val)
{
	switch (func) {
	case RVIC_FN_SET_MASKED:
		rvic_assign(rvic, rvic->unmasked, intid, false);
		break;
	case RVIC_FN_CLEAR_MASKED:
		rvic_assign(rvic, rvic->unmasked, intid, true);
		break;
	case RVIC_FN_IS_PENDING:
		*val = test_bit(intid, rvic->pending);
		break;
	case RVIC_FN_CLEAR_PENDING:
		rvic_assign(rvic, rvic->pending, intid, level);
		break;
	}
}

#if defined(CONFIG_KVM_ARM_RVIC) && \
	(defined(__KVM_NVHE_HYPERVISOR__) || defined(__KVM_VHE_HYPERVISOR__))

/* Not completed here: let the host run the call, as without a fast path. */
#define RVIC_EL2_TO_HOST	(~0UL)

#ifdef __KVM_NVHE_HYPERVISOR__
#include <nvhe/rvic.h>
#else
/* Protected mode is nVHE only. */
static inline unsigned long pkvm_rvic_call(struct kvm_vcpu *vcpu, u32 func, u64 *val,
					   u64 *val2, bool *line)
{
	return RVIC_EL2_TO_HOST;
}

static inline bool pkvm_rvic_check_map(struct kvm_vcpu *vcpu)
{
	return false;
}
#endif

/*
 * The level of trusted source @intid of the running vCPU, recorded for the
 * next rising edge, or -1 when only the host can read it. A timer behind
 * the INTID is live in the CPU while its vCPU runs (the rVIC maps only the
 * timers the guest uses directly), so its CTL register says it. In
 * protected mode nothing goes to the host: the level of any other source
 * is the last one the host reported (nvhe/rvic.c), as it is for the host
 * itself when the vCPU is not loaded.
 */
static inline int rvic_el2_level(struct kvm_rvic_vcpu *rvic, u32 intid)
{
	struct kvm_rvic_map *map = rvic_find_map(rvic, intid);
	u64 ctl, fire = ARCH_TIMER_CTRL_ENABLE | ARCH_TIMER_CTRL_IT_STAT;

	if (!map)
		return test_bit(intid, rvic->level);
	switch (map->el2_level) {
	case KVM_RVIC_LEVEL_CNTV:
		ctl = read_sysreg_el0(SYS_CNTV_CTL);
		break;
	case KVM_RVIC_LEVEL_CNTP:
		ctl = read_sysreg_el0(SYS_CNTP_CTL);
		break;
	default:
		if (is_protected_kvm_enabled())
			return test_bit(intid, rvic->level);
		return -1;
	}
	ctl &= fire | ARCH_TIMER_CTRL_IT_MASK;
	__assign_bit(intid, rvic->level, ctl == fire);
	return ctl == fire;
}

/*
 * RESAMPLE at EL2. Low, for a hardware source: the host interrupt is
 * deactivated with ICC_DIR_EL1, which the host's GIC runs in EOImode 1
 * (split priority drop and deactivation) and which kvm_rvic_map_phys_irq()
 * only allows where EL2 sees that mode (see there). Where it does not
 * (KVM_RVIC_LEVEL_HOST), only protected mode gets here, and the host
 * deactivates at the next vcpu_load() (kvm_rvic_map_is_active()).
 */
static inline unsigned long rvic_el2_resample(struct kvm_rvic_vcpu *rvic,
					      u32 intid)
{
	struct kvm_rvic_map *map = rvic_find_map(rvic, intid);
	int level = rvic_el2_level(rvic, intid);

	if (level < 0)
		return RVIC_EL2_TO_HOST;
	if (level && rvic->enabled) {
		rvic_assign(rvic, rvic->pending, intid, true);
	} else if (!level && map && map->el2_level != KVM_RVIC_LEVEL_HOST &&
		   (test_bit(intid, rvic->active) || test_bit(intid, rvic->pending))) {
		/* What the host's version would deactivate, when it may be active */
		__clear_bit(intid, rvic->active);
		write_sysreg_s(map->hwintid, SYS_ICC_DIR_EL1);
		isb();
	}
	return RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
}

/* A (target, INTID) call aimed at the caller's own instance. */
static inline unsigned long rvic_el2_self_call(struct kvm_rvic_vcpu *rvic,
					       u32 func, u32 intid, u64 *val)
{
	int level = 0;

	if (func == RVIC_FN_SIGNAL) {
		if (!rvic->enabled)
			return RVIC_STATUS_PACK(RVIC_STATUS_DISABLED, RVIC_STATUS_ARG_X1);
		rvic_assign(rvic, rvic->pending, intid, true);
		return RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
	}
	if (func == RVIC_FN_CLEAR_PENDING) {
		level = rvic_el2_level(rvic, intid);
		if (level < 0)
			return RVIC_EL2_TO_HOST;
	}
	rvic_target_op(rvic, func, intid, level, val);
	return RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
}

/*
 * Would @func on @intid move @rvic's line? Only the bit the call writes
 * changes, so the FIFO moves between empty and not exactly when @intid
 * enters an empty FIFO or leaves a FIFO of one.
 */
static inline bool rvic_el2_moves_line(struct kvm_rvic_vcpu *rvic, u32 func,
				       u32 intid, bool level)
{
	bool was = rvic_deliverable(rvic, intid), now = rvic->enabled;

	switch (func) {
	case RVIC_FN_SET_MASKED:
		now = false;
		break;
	case RVIC_FN_CLEAR_MASKED:
		now &= test_bit(intid, rvic->pending);
		break;
	case RVIC_FN_SIGNAL:
		now &= test_bit(intid, rvic->unmasked);
		break;
	case RVIC_FN_CLEAR_PENDING:
		now &= level && test_bit(intid, rvic->unmasked);
		break;
	default:
		now = was;
	}
	return was != now && rvic->fifo_len == was;
}

/*
 * A (target, INTID) call on another vCPU's instance. Completed here unless
 * the target must be kicked (its line would move) or a hardware source's
 * level is needed, which only the host reads for a vCPU not loaded here:
 * then the host runs the whole call, with the state untouched.
 */
static inline unsigned long rvic_el2_remote_call(struct kvm_rvic_vcpu *rvic,
						 u32 func, u32 intid, u64 *val)
{
	bool level = false;

	if (func == RVIC_FN_SIGNAL && !rvic->enabled)
		return RVIC_STATUS_PACK(RVIC_STATUS_DISABLED, RVIC_STATUS_ARG_X1);
	if (func == RVIC_FN_CLEAR_PENDING) {
		if (rvic_find_map(rvic, intid))
			return RVIC_EL2_TO_HOST;
		level = test_bit(intid, rvic->level);
	}
	if (rvic_el2_moves_line(rvic, func, intid, level))
		return RVIC_EL2_TO_HOST;
	if (func == RVIC_FN_SIGNAL)
		rvic_assign(rvic, rvic->pending, intid, true);
	else
		rvic_target_op(rvic, func, intid, level, val);
	return RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
}

/*
 * The vCPU whose MPIDR is @mpidr, as kvm_mpidr_to_vcpu() finds it, or NULL
 * for the host to decide: none, not in the table yet, or several (userspace
 * may give two vCPUs one MPIDR, and the host's lookup picks one). A linear
 * scan, bounded by the VM's vCPUs; each is a load of one register's copy.
 */
static inline struct kvm_vcpu *rvic_el2_target(struct kvm *kvm, u64 mpidr)
{
	/* Pairs with the release in kvm_rvic_map_resources() */
	unsigned int i, nr = smp_load_acquire(&kvm->arch.rvic.el2_nr_vcpus);
	struct kvm_vcpu **vcpus = kern_hyp_va(kvm->arch.rvic.el2_vcpus);
	struct kvm_vcpu *found = NULL, *v;

	for (i = 0; i < nr; i++) {
		v = kern_hyp_va(READ_ONCE(vcpus[i]));
		if ((__vcpu_sys_reg(v, MPIDR_EL1) & MPIDR_HWID_BITMASK) != mpidr)
			continue;
		if (found)
			return NULL;
		found = v;
	}
	return found;
}

/* A (target, INTID) call naming another MPIDR than the caller's */
static inline unsigned long rvic_el2_remote(struct kvm *kvm, u32 func,
					    u64 mpidr, u64 intid, u64 *val)
{
	struct kvm_vcpu *target = rvic_el2_target(kvm, mpidr);
	struct kvm_rvic_vcpu *rvic;
	unsigned long status;

	/* No such vCPU (INVALID_CPU), or not one EL2 knows: the host says */
	if (!target || !target->arch.rvic)
		return RVIC_EL2_TO_HOST;
	if (intid >= kvm->arch.rvic.nr_total)
		return RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER,
					RVIC_STATUS_ARG_X2);
	rvic = kern_hyp_va(target->arch.rvic);
	hyp_spin_lock(&rvic->lock);
	status = rvic_el2_remote_call(rvic, func, intid, val);
	hyp_spin_unlock(&rvic->lock);
	return status;
}

/*
 * EXT_EOI at EL2: all of it, or nothing (a resample only the host can do).
 * The arguments are checked.
 */
static inline unsigned long rvic_el2_ext_eoi(struct kvm_rvic_vcpu *rvic, u32 nr_trusted,
					     u32 intid, u64 flags, u64 *val, u64 *val2)
{
	if (intid < nr_trusted &&
	    rvic_el2_resample(rvic, intid) == RVIC_EL2_TO_HOST)
		return RVIC_EL2_TO_HOST;
	return rvic_ext_eoi_rest(rvic, nr_trusted, intid, flags, val, val2);
}

/*
 * An rVIC call, checked as the host checks it and with the same status
 * words, or RVIC_EL2_TO_HOST. ENABLE goes to the host: it reads the level
 * of every trusted source, which for a hardware one is the host's job. So
 * does an extension call that gets NOT_SUPPORTED, whose value is that of
 * RVIC_EL2_TO_HOST: the host gives the same answer.
 */
static inline unsigned long rvic_el2_call(struct kvm_vcpu *vcpu, struct kvm *kvm,
					  struct kvm_rvic_vcpu *rvic, u32 func,
					  u64 *val, u64 *val2)
{
	u64 arg1 = vcpu_get_reg(vcpu, 1), arg2 = vcpu_get_reg(vcpu, 2);
	u64 self = __vcpu_sys_reg(vcpu, MPIDR_EL1) & MPIDR_HWID_BITMASK;
	unsigned long status;

	switch (func) {
	case RVIC_FN_VERSION:
		*val = RVIC_VERSION_IMPL;
		break;
	case RVIC_FN_INFO:
		if (arg1 == RVIC_INFO_KEY_NR_TRUSTED)
			*val = kvm->arch.rvic.nr_trusted;
		else if (arg1 == RVIC_INFO_KEY_NR_UNTRUSTED)
			*val = kvm->arch.rvic.nr_total - kvm->arch.rvic.nr_trusted;
		else
			return RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER,
						RVIC_STATUS_ARG_X1);
		break;
	case RVIC_FN_DISABLE:
		rvic_disable(rvic);
		break;
	case RVIC_FN_ACKNOWLEDGE:
		return rvic_ack(rvic, val);
	case RVIC_FN_RESAMPLE:
		if (arg1 >= kvm->arch.rvic.nr_trusted)
			return RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER,
						RVIC_STATUS_ARG_X1);
		return rvic_el2_resample(rvic, arg1);
	case RVIC_FN_SET_MASKED:
	case RVIC_FN_CLEAR_MASKED:
	case RVIC_FN_IS_PENDING:
	case RVIC_FN_SIGNAL:
	case RVIC_FN_CLEAR_PENDING:
		/* On the caller's own instance: see kvm_hyp_handle_rvic() */
		if (arg1 != self)
			return RVIC_EL2_TO_HOST;
		if (arg2 >= kvm->arch.rvic.nr_total)
			return RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER,
						RVIC_STATUS_ARG_X2);
		return rvic_el2_self_call(rvic, func, arg2, val);
	case RVIC_FN_EXT_NEGOTIATE:
		if (!kvm->arch.rvic.ext_offered)
			return RVIC_EL2_TO_HOST;
		return rvic_ext_negotiate(rvic, kvm->arch.rvic.ext_offered, arg1, val);
	case RVIC_FN_EXT_ACKNOWLEDGE:
	case RVIC_FN_EXT_EOI:
		status = rvic_ext_check(rvic, func, kvm->arch.rvic.nr_total, arg1, arg2);
		if (status)
			return status;
		if (func == RVIC_FN_EXT_ACKNOWLEDGE)
			return rvic_ext_ack(rvic, kvm->arch.rvic.nr_trusted, val, val2);
		return rvic_el2_ext_eoi(rvic, kvm->arch.rvic.nr_trusted, arg1, arg2,
					val, val2);
	default:
		return RVIC_EL2_TO_HOST;
	}
	return RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
}

/**
 * kvm_hyp_handle_rvic() - complete a guest's rVIC call at EL2
 * @vcpu: the running vCPU (the host's, in VHE and non-protected nVHE; the
 *        hypervisor's own in protected mode)
 * @exit_code: unused
 *
 * The ESR_ELx_EC_HVC64 exit handler. A call that the caller's own instance
 * answers is completed here and the guest resumes after its HVC, which is
 * where an HVC exception returns; so is a call on another vCPU's instance
 * that does not move that vCPU's line. Anything else (a kick, the rVID,
 * ENABLE, other services) goes to the host as before. In protected mode
 * the instances are the hypervisor's and every rVIC call is completed
 * here (pkvm_rvic_call()); one that moved another vCPU's line still exits,
 * for the host to kick that vCPU: x1-x3 are set, x0 keeps the function ID
 * for the host's SMCCC dispatch and gets the status at the next entry
 * (pkvm_rvic_flush()).
 *
 * Return: true if the guest can resume, false for a full exit.
 */
static inline bool kvm_hyp_handle_rvic(struct kvm_vcpu *vcpu, u64 *exit_code)
{
	struct kvm_rvic_vcpu *rvic = vcpu->arch.rvic;
	u32 func = vcpu_get_reg(vcpu, 0);
	bool line, resume = true;
	unsigned long status;
	struct kvm *kvm;
	u64 val = 0, val2 = 0;

	if (!rvic || kvm_vcpu_hvc_get_imm(vcpu))
		return false;
	rvic = kern_hyp_va(rvic);
	kvm = kern_hyp_va(vcpu->kvm);
	/* Pairs with the finalising host's release: the counts are set */
	if (!smp_load_acquire(&kvm->arch.rvic.ready))
		return false;
	if (is_protected_kvm_enabled() && func == RVID_FN_MAP)
		return pkvm_rvic_check_map(vcpu);
	if ((func < RVIC_FN_FIRST || func > RVIC_FN_LAST) &&
	    (func < RVIC_FN_EXT_FIRST || func > RVIC_FN_EXT_LAST))
		return false;

	if (is_protected_kvm_enabled()) {
		status = pkvm_rvic_call(vcpu, func, &val, &val2, &line);
		resume = !rvic->pkvm.kick;
	} else if (func >= RVIC_FN_SET_MASKED && func <= RVIC_FN_CLEAR_PENDING &&
		   vcpu_get_reg(vcpu, 1) !=
		   (__vcpu_sys_reg(vcpu, MPIDR_EL1) & MPIDR_HWID_BITMASK)) {
		/* Another vCPU's instance: the caller's line does not move */
		status = rvic_el2_remote(kvm, func, vcpu_get_reg(vcpu, 1),
					 vcpu_get_reg(vcpu, 2), &val);
		line = vcpu->arch.hcr_el2 & HCR_VI;
	} else {
		hyp_spin_lock(&rvic->lock);
		status = rvic_el2_call(vcpu, kvm, rvic, func, &val, &val2);
		line = rvic->fifo_len;
		hyp_spin_unlock(&rvic->lock);
	}
	if (status == RVIC_EL2_TO_HOST && !is_protected_kvm_enabled())
		return false;
	if (!resume) {
		/* The host reads x0 as the function ID: x0 at the next entry */
		rvic->pkvm.status = status;
		status = func;
	}

	if (line != !!(vcpu->arch.hcr_el2 & HCR_VI)) {
		u64 hcr = read_sysreg(hcr_el2);

		if (line) {
			vcpu->arch.hcr_el2 |= HCR_VI;
			hcr |= HCR_VI;
		} else {
			vcpu->arch.hcr_el2 &= ~HCR_VI;
			hcr &= ~HCR_VI;
		}
		write_sysreg(hcr, hcr_el2);
	}
	vcpu_set_reg(vcpu, 0, status);
	vcpu_set_reg(vcpu, 1, val);
	vcpu_set_reg(vcpu, 2, val2);
	vcpu_set_reg(vcpu, 3, 0);
	vcpu->stat.rvic_el2_calls++;
	return resume;
}

#else
#define kvm_hyp_handle_rvic	NULL
#endif

#endif /* __ARM64_KVM_HYP_RVIC_H__ */
