/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rVIC in protected mode, at EL2: the hypervisor's side of it
 * (hyp/nvhe/rvic.c), called from the pKVM VM and vCPU set-up, the vCPU
 * run path and the host's hypercall table.
 */
#ifndef __ARM64_KVM_NVHE_RVIC_H__
#define __ARM64_KVM_NVHE_RVIC_H__

#include <asm/kvm_host.h>

struct pkvm_hyp_vm;
struct pkvm_hyp_vcpu;

#ifdef CONFIG_KVM_ARM_RVIC
void pkvm_rvic_init_vm(struct pkvm_hyp_vm *hyp_vm, struct kvm *host_kvm);
void pkvm_rvic_init_vcpu(struct pkvm_hyp_vcpu *hyp_vcpu);
void pkvm_rvic_flush(struct pkvm_hyp_vcpu *hyp_vcpu);
void pkvm_rvic_sync(struct pkvm_hyp_vcpu *hyp_vcpu);
int __pkvm_rvic_op(pkvm_handle_t handle, u32 vcpu_idx, u32 op, u32 intid);
unsigned long pkvm_rvic_call(struct kvm_vcpu *vcpu, u32 func, u64 *val, u64 *val2,
			     bool *line);
bool pkvm_rvic_check_map(struct kvm_vcpu *vcpu);
#else
static inline void pkvm_rvic_init_vm(struct pkvm_hyp_vm *hyp_vm, struct kvm *host_kvm) {}
static inline void pkvm_rvic_init_vcpu(struct pkvm_hyp_vcpu *hyp_vcpu) {}
static inline void pkvm_rvic_flush(struct pkvm_hyp_vcpu *hyp_vcpu) {}
static inline void pkvm_rvic_sync(struct pkvm_hyp_vcpu *hyp_vcpu) {}
static inline int __pkvm_rvic_op(pkvm_handle_t handle, u32 vcpu_idx, u32 op, u32 intid)
{
	return -EOPNOTSUPP;
}
#endif

#endif /* __ARM64_KVM_NVHE_RVIC_H__ */
