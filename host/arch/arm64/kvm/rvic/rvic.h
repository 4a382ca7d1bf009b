/* SPDX-License-Identifier: GPL-2.0-only */
/* rVIC/rVID in KVM/arm64: internal interfaces between the rvic/ files. */
#ifndef __KVM_ARM64_RVIC_H__
#define __KVM_ARM64_RVIC_H__

#include <linux/kvm_host.h>
#include <linux/seq_file.h>
#include <kvm/arm_rvic.h>

#include "../hyp/include/hyp/rvic.h"

static inline u32 rvic_nr_untrusted(struct kvm *kvm)
{
	return kvm->arch.rvic.nr_total - kvm->arch.rvic.nr_trusted;
}

/*
 * Status words. A status of an error blamed on an argument is built from
 * the argument's register (x1..x3).
 */
#define RVIC_OK			RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0)
#define RVIC_ERR(reason, arg)	RVIC_STATUS_PACK(RVIC_STATUS_##reason, RVIC_STATUS_ARG_##arg)

/*
 * Every host user of an instance's lock goes through these: the EL2 ticket
 * lock, taken with interrupts disabled, and told to lockdep, so that
 * lockdep_assert_held(rvic) checks it.
 */
#define rvic_lock(rvic, flags)						\
do {									\
	local_irq_save(flags);						\
	spin_acquire(&(rvic)->dep_map, 0, 0, _THIS_IP_);		\
	hyp_spin_lock(&(rvic)->lock);					\
} while (0)

#define rvic_unlock(rvic, flags)					\
do {									\
	hyp_spin_unlock(&(rvic)->lock);					\
	spin_release(&(rvic)->dep_map, _THIS_IP_);			\
	local_irq_restore(flags);					\
} while (0)

/*
 * Protected mode, once the hypervisor has the VM (pkvm_create_hyp_vm(), at
 * the first run): the guest's instances are the hypervisor's
 * (hyp/nvhe/rvic.c), which completes every rVIC call and computes the
 * lines. The host's instance then only holds what it registers for its
 * vCPU before that vCPU first runs (the sources it drives, their levels,
 * the timers' host PPIs), which the hypervisor reads at that first run;
 * the rest goes through rvic_hyp_op(). Before the hypervisor has the VM,
 * no vCPU has run: every instance is disabled, and only levels and
 * registrations matter.
 */
static inline bool rvic_at_el2(struct kvm *kvm)
{
	return is_protected_kvm_enabled() && READ_ONCE(kvm->arch.pkvm.handle);
}

struct kvm_vcpu *rvic_target_vcpu(struct kvm *kvm, u64 mpidr);
int rvic_alloc_instance(struct kvm_vcpu *vcpu);
int rvic_signal(struct kvm_vcpu *vcpu, u32 intid);
int rvic_hyp_op(struct kvm *kvm, u32 vcpu_idx, enum kvm_rvic_hyp_op op, u32 intid);
int rvic_hyp_refused(struct kvm *kvm);

/* rvid.c */
unsigned long rvid_hypercall(struct kvm_vcpu *vcpu, u32 func, u64 *val);
void rvid_unmap_vcpu(struct kvm_vcpu *vcpu);
int rvid_init(struct kvm *kvm);
void rvid_show(struct seq_file *s, struct kvm *kvm);
void rvid_destroy(struct kvm *kvm);
void rvid_save(struct kvm *kvm, u32 *tab);
bool rvid_state_valid(struct kvm *kvm, const u32 *tab);
void rvid_restore(struct kvm *kvm, const u32 *tab);

/* rvic-debug.c */
void rvic_debug_init(struct kvm *kvm);

/* rvic-state.c */
int rvic_state_has_attr(struct kvm *kvm, u64 attr);
int rvic_state_attr(struct kvm *kvm, u64 attr, void __user *uaddr, bool set);

/* rvic-kvm-device.c */
int rvic_setup_default_routing(struct kvm *kvm);

#endif
