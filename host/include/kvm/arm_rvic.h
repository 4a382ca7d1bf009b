/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rVIC/rVID in KVM/arm64: the state hung off struct kvm and struct
 * kvm_vcpu, and the API the rest of KVM calls (directly, or through the
 * helpers of <kvm/arm_irqchip.h>).
 *
 * Per-vCPU state layout. The rVIC instance of a vCPU (about 5 KB) is
 * allocated only for the vCPUs of a VM that has an rVIC, when the device
 * is created or, for a vCPU created later, with the vCPU; vcpu->arch.rvic
 * points to it (NULL in any other VM) and it is freed with the vCPU. It is
 * one block of fixed-size bitmaps and an index-based FIFO, shared with the
 * nVHE hypervisor, so that the EL2 fast path reaches all of it from that
 * one pointer (see hyp/include/hyp/rvic.h).
 *
 * Invariant, under @lock: an INTID is in the FIFO if and only if the
 * instance is enabled and the INTID is pending and unmasked; the FIFO
 * holds each INTID at most once, in the order in which it became
 * deliverable. The vCPU's virtual IRQ line is "FIFO not empty".
 *
 * Reset state is all-zero: disabled, nothing pending, everything masked
 * (the bitmap records *unmasked* INTIDs), empty FIFO: a new instance is
 * zeroed memory with an initialised lock. kvm_rvic_vcpu_reset() goes back
 * to it, keeping @maps and @owners.
 */
#ifndef __KVM_ARM_RVIC_H
#define __KVM_ARM_RVIC_H

#include <linux/irqchip/irq-rvic.h>
#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct kvm;
struct kvm_vcpu;
struct irq_ops;
struct kvm_kernel_irq_routing_entry;
struct kvm_irq_routing_entry;

#define KVM_RVIC_MAX_INTIDS	RVIC_MAX_NR_INTIDS
/* vtimer, ptimer, and the two EL2 timers of a nested guest */
#define KVM_RVIC_NR_MAPS	4
/* timers and the PMU */
#define KVM_RVIC_NR_OWNERS	8

/*
 * struct kvm_rvic_vcpu, the instance, is defined with the operations that
 * both the host and EL2 run on it, in arch/arm64/kvm/hyp/include/hyp/rvic.h.
 */
struct kvm_rvic_vcpu;

/*
 * Per-VM state. @created and the counts are written under kvm->lock and
 * the config lock before any vCPU runs, then only read. @rvid holds
 * nr_untrusted entries, each one u32 written and read whole (see rvid.c).
 */
struct kvm_rvic {
	bool			created;
	bool			ready;
	u32			nr_trusted;
	u32			nr_total;
	raw_spinlock_t		rvid_lock;
	u32			*rvid;
	/* MSIs: data in [msi_base, msi_base + msi_count), to msi_doorbell */
	u32			msi_base;
	u32			msi_count;
	u64			msi_doorbell;
	/*
	 * Highest extension revision offered to the guest (0: none, a 0.3
	 * rVIC), set before finalising (KVM_DEV_ARM_RVIC_CTRL_EXT).
	 */
	u8			ext_offered;
	/*
	 * The vCPUs in vcpu_array's order, for the EL2 fast path, which
	 * cannot walk the xarray. Entries are written under the config lock
	 * as vCPUs first run and never change; @el2_nr_vcpus is released
	 * after them (kvm_rvic_map_resources()).
	 */
	struct kvm_vcpu		**el2_vcpus;
	unsigned int		el2_nr_vcpus;
	/* Protected mode, the hypervisor's copy: requests it refused */
	atomic64_t		el2_refused;
};

/*
 * Protected mode: what the host may ask of the hypervisor about one vCPU's
 * instance, the only way it reaches one (__pkvm_rvic_op, hyp/nvhe/rvic.c).
 */
enum kvm_rvic_hyp_op {
	KVM_RVIC_HYP_RAISE,	/* an untrusted INTID fires (rVID input, MSI) */
	KVM_RVIC_HYP_LOW,	/* a registered level source is low */
	KVM_RVIC_HYP_HIGH,	/* ... or high */
	KVM_RVIC_HYP_RESET,	/* the vCPU is reset */
	KVM_RVIC_HYP_REFUSED,	/* how many requests were refused */
};

/* Is @func an rVIC or rVID function ID? */
static inline bool kvm_rvic_is_call(u32 func)
{
	return (func >= RVIC_FN_FIRST && func <= RVIC_FN_LAST) ||
	       (func >= RVIC_FN_EXT_FIRST && func <= RVIC_FN_EXT_LAST) ||
	       (func >= RVID_FN_FIRST && func <= RVID_FN_LAST);
}

/* Does [@first, @last] hold an rVIC or rVID function ID? */
static inline bool kvm_rvic_calls_overlap(u32 first, u32 last)
{
	return (first <= RVIC_FN_LAST && last >= RVIC_FN_FIRST) ||
	       (first <= RVIC_FN_EXT_LAST && last >= RVIC_FN_EXT_FIRST) ||
	       (first <= RVID_FN_LAST && last >= RVID_FN_FIRST);
}

#ifdef CONFIG_KVM_ARM_RVIC

/* Does this VM have an rVIC rather than a vgic or no in-kernel irqchip? */
#define kvm_rvic_in_kernel(k)	(!!(k)->arch.rvic.created)

int kvm_rvic_init(void);
int kvm_rvic_vcpu_init(struct kvm_vcpu *vcpu);
void kvm_rvic_vcpu_reset(struct kvm_vcpu *vcpu);
void kvm_rvic_vcpu_destroy(struct kvm_vcpu *vcpu);
void kvm_rvic_destroy(struct kvm *kvm);
int kvm_rvic_map_resources(struct kvm *kvm);

void kvm_rvic_flush_hwstate(struct kvm_vcpu *vcpu);
int kvm_rvic_vcpu_pending_irq(struct kvm_vcpu *vcpu);

int kvm_rvic_inject_irq(struct kvm *kvm, struct kvm_vcpu *vcpu,
			unsigned int intid, bool level, void *owner);
int kvm_rvic_inject_input(struct kvm *kvm, u32 input, bool level);
int kvm_rvic_map_phys_irq(struct kvm_vcpu *vcpu, unsigned int host_irq,
			  u32 vintid, struct irq_ops *ops);
int kvm_rvic_unmap_phys_irq(struct kvm_vcpu *vcpu, unsigned int vintid);
int kvm_rvic_get_map(struct kvm_vcpu *vcpu, u32 vintid);
bool kvm_rvic_map_is_active(struct kvm_vcpu *vcpu, unsigned int vintid);
void kvm_rvic_reset_mapped_irq(struct kvm_vcpu *vcpu, u32 vintid);
int kvm_rvic_set_owner(struct kvm_vcpu *vcpu, unsigned int intid, void *owner);

int kvm_rvic_hypercall(struct kvm_vcpu *vcpu);
int kvm_rvic_irq_line(struct kvm *kvm, unsigned int type, u32 num, bool level);
int kvm_rvic_irqfd_set_irq(struct kvm_kernel_irq_routing_entry *e,
			   struct kvm *kvm, int irq_source_id, int level,
			   bool line_status);
int kvm_rvic_set_msi(struct kvm_kernel_irq_routing_entry *e,
		     struct kvm *kvm, int irq_source_id, int level,
		     bool line_status);
int kvm_rvic_set_irq_inatomic(struct kvm_kernel_irq_routing_entry *e,
			      struct kvm *kvm, int irq_source_id, int level,
			      bool line_status);
int kvm_rvic_set_routing_entry(struct kvm *kvm,
			       struct kvm_kernel_irq_routing_entry *e,
			       const struct kvm_irq_routing_entry *ue);

#else

#define kvm_rvic_in_kernel(k)	((void)(k), false)
static inline int kvm_rvic_init(void) { return 0; }
static inline int kvm_rvic_vcpu_init(struct kvm_vcpu *vcpu) { return 0; }
static inline void kvm_rvic_vcpu_reset(struct kvm_vcpu *vcpu) {}
static inline void kvm_rvic_vcpu_destroy(struct kvm_vcpu *vcpu) {}
static inline void kvm_rvic_destroy(struct kvm *kvm) {}
static inline int kvm_rvic_map_resources(struct kvm *kvm) { return 0; }
static inline void kvm_rvic_flush_hwstate(struct kvm_vcpu *vcpu) {}
static inline int kvm_rvic_vcpu_pending_irq(struct kvm_vcpu *vcpu) { return 0; }
static inline int kvm_rvic_inject_irq(struct kvm *kvm, struct kvm_vcpu *vcpu,
				      unsigned int intid, bool level, void *owner)
{ return -ENODEV; }
static inline int kvm_rvic_inject_input(struct kvm *kvm, u32 input, bool level)
{ return -ENODEV; }
static inline int kvm_rvic_map_phys_irq(struct kvm_vcpu *vcpu, unsigned int host_irq,
					u32 vintid, struct irq_ops *ops)
{ return -ENODEV; }
static inline int kvm_rvic_unmap_phys_irq(struct kvm_vcpu *vcpu, unsigned int vintid)
{ return -ENODEV; }
static inline int kvm_rvic_get_map(struct kvm_vcpu *vcpu, u32 vintid) { return -ENOENT; }
static inline bool kvm_rvic_map_is_active(struct kvm_vcpu *vcpu, unsigned int vintid)
{ return false; }
static inline void kvm_rvic_reset_mapped_irq(struct kvm_vcpu *vcpu, u32 vintid) {}
static inline int kvm_rvic_set_owner(struct kvm_vcpu *vcpu, unsigned int intid, void *owner)
{ return -ENODEV; }
static inline int kvm_rvic_hypercall(struct kvm_vcpu *vcpu) { return -ENODEV; }
static inline int kvm_rvic_irq_line(struct kvm *kvm, unsigned int type, u32 num, bool level)
{ return -ENODEV; }
static inline int kvm_rvic_irqfd_set_irq(struct kvm_kernel_irq_routing_entry *e,
					 struct kvm *kvm, int irq_source_id, int level,
					 bool line_status)
{ return -ENODEV; }
static inline int kvm_rvic_set_msi(struct kvm_kernel_irq_routing_entry *e,
				   struct kvm *kvm, int irq_source_id, int level,
				   bool line_status)
{ return -ENODEV; }
static inline int kvm_rvic_set_irq_inatomic(struct kvm_kernel_irq_routing_entry *e,
					    struct kvm *kvm, int irq_source_id, int level,
					    bool line_status)
{ return -EWOULDBLOCK; }
static inline int kvm_rvic_set_routing_entry(struct kvm *kvm,
					     struct kvm_kernel_irq_routing_entry *e,
					     const struct kvm_irq_routing_entry *ue)
{ return -EINVAL; }

#endif

#endif /* __KVM_ARM_RVIC_H */
