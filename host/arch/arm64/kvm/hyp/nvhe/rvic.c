// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rVIC in protected mode: the instances belong to the hypervisor.
 *
 * Each vCPU's instance is the @rvic of its struct pkvm_hyp_vcpu, in the
 * memory the host donated for it at __pkvm_init_vcpu() and can no longer
 * map; the VM's counts are copied once into the hypervisor's struct kvm
 * at __pkvm_init_vm(). The host keeps its own instance (rvic/rvic.c), in
 * which it only registers, before a vCPU first runs, the level sources
 * it drives (timers, PMU) and the timers backed by host interrupts; the
 * hypervisor reads those once, at that vCPU's first entry, under the
 * pin of the host's memory, and ignores the host's instance after that.
 *
 * Who changes an instance:
 *
 * - its guest, through every rVIC call (pkvm_rvic_call()), including the
 *   calls aimed at another vCPU of the same VM;
 * - the host, through __pkvm_rvic_op() only: an untrusted INTID fires
 *   (rVID inputs, MSIs, after the host's own rVID lookup), a registered
 *   source reports its level, the vCPU is reset. Anything else is refused
 *   and counted: a trusted INTID that is not a registered source (the
 *   IPIs never are), an INTID out of range, a vCPU the VM does not have.
 *
 * The line. HCR_EL2.VI is computed here from the instance before every
 * entry (pkvm_rvic_flush()) and after every call; the host's value of the
 * bit is ignored. The host only learns the line (host_vcpu->arch.rvic_line,
 * for its WFI wake-ups) and which vCPU to kick (host_vcpu->arch.rvic_kick,
 * after a call that moved another vCPU's line), as it would from
 * scheduling that vCPU. A vCPU whose line moved while it runs is kicked
 * by the host, exits and comes back through pkvm_rvic_flush().
 *
 * Locking and ordering. Every field of an instance is under its lock, as
 * in VHE and nVHE (hyp/include/hyp/rvic.h); at most one instance lock is
 * held at a time. Reading the host's registrations takes the host's page
 * state locks (hyp_pin_shared_mem()) inside the instance lock, the only
 * nesting. The line and the kick are written to the host's vcpu with
 * WRITE_ONCE() under the instance lock: the host reads rvic_line after the
 * kick that follows any change that raised it (kvm_vcpu_kick() orders
 * them), and rvic_kick on the same CPU after the exit. The VM's counts
 * are written before the VM is in the table; the vCPUs, and each
 * instance's @pkvm.mpidr, before their VM's first run: a running vCPU
 * got its VM through vm_table_lock after that, and reads them as they are.
 */

#include <hyp/rvic.h>

#include <nvhe/mem_protect.h>
#include <nvhe/pkvm.h>
#include <nvhe/rvic.h>

static u64 pkvm_rvic_mpidr(struct kvm_vcpu *vcpu)
{
	return __vcpu_sys_reg(vcpu, MPIDR_EL1) & MPIDR_HWID_BITMASK;
}

/**
 * pkvm_rvic_init_vm() - take the rVIC's counts for a new hypervisor VM
 * @hyp_vm: the VM being initialised (__pkvm_init_vm())
 * @host_kvm: the host's VM, pinned
 *
 * The rVIC was finalised before the first vCPU ran, which is what made the
 * host create this VM. Counts that are not an rVIC's leave the VM without
 * one: its calls then reach the host, which answers NOT_SUPPORTED.
 */
void pkvm_rvic_init_vm(struct pkvm_hyp_vm *hyp_vm, struct kvm *host_kvm)
{
	struct kvm_rvic *host = &host_kvm->arch.rvic, *rv = &hyp_vm->kvm.arch.rvic;
	u32 nr_trusted = READ_ONCE(host->nr_trusted);
	u32 nr_total = READ_ONCE(host->nr_total);
	u8 ext = READ_ONCE(host->ext_offered);

	/* Pairs with the finalising host's release: the counts are set */
	if (!READ_ONCE(host->created) || !smp_load_acquire(&host->ready) ||
	    !rvic_counts_valid(nr_trusted, nr_total) || ext > RVIC_EXT_REV)
		return;
	rv->nr_trusted = nr_trusted;
	rv->nr_total = nr_total;
	rv->ext_offered = ext;
	rv->created = true;
	rv->ready = true;
}

/**
 * pkvm_rvic_init_vcpu() - give a new hypervisor vCPU its instance
 * @hyp_vcpu: the vCPU being initialised (__pkvm_init_vcpu()), zeroed
 *
 * The instance starts in its reset state, as the host's did.
 */
void pkvm_rvic_init_vcpu(struct pkvm_hyp_vcpu *hyp_vcpu)
{
	struct pkvm_hyp_vm *hyp_vm = pkvm_hyp_vcpu_to_hyp_vm(hyp_vcpu);

	if (!hyp_vm->kvm.arch.rvic.ready)
		return;
	hyp_spin_lock_init(&hyp_vcpu->rvic.lock);
	hyp_vcpu->rvic.pkvm.mpidr =
		READ_ONCE(ctxt_sys_reg(&hyp_vcpu->host_vcpu->arch.ctxt, MPIDR_EL1)) &
		MPIDR_HWID_BITMASK;
	hyp_vcpu->vcpu.arch.rvic = &hyp_vcpu->rvic;
}

/* Tell the host the line of @hyp_vcpu, for its WFI. Instance lock held. */
static void pkvm_rvic_publish(struct pkvm_hyp_vcpu *hyp_vcpu)
{
	WRITE_ONCE(hyp_vcpu->host_vcpu->arch.rvic_line, !!hyp_vcpu->rvic.fifo_len);
}

/*
 * Read, once, what the host registered in its instance for this vCPU: the
 * level sources it drives and the timers backed by host PPIs, each checked
 * as the host checks it, with the levels it reported so far. Whatever does
 * not pass is dropped. Instance lock held.
 */
static void pkvm_rvic_read_sources(struct pkvm_hyp_vcpu *hyp_vcpu, u32 nr_trusted)
{
	struct kvm_rvic_vcpu *rvic = &hyp_vcpu->rvic, *host;
	unsigned int i, n = 0;

	rvic->pkvm.sources = true;
	host = READ_ONCE(hyp_vcpu->host_vcpu->arch.rvic);
	if (!host)
		return;
	host = kern_hyp_va(host);
	if (hyp_pin_shared_mem(host, host + 1))
		return;

	for (i = 0; i < KVM_RVIC_NR_OWNERS; i++) {
		u32 intid = READ_ONCE(host->owners[i].intid);
		void *owner = READ_ONCE(host->owners[i].owner);

		if (!owner || intid < RVIC_NR_IPIS || intid >= nr_trusted)
			continue;
		rvic->owners[n++] = (struct kvm_rvic_owner){ .intid = intid, .owner = owner };
		if (test_bit(intid, host->level))
			__set_bit(intid, rvic->level);
	}
	for (i = 0, n = 0; i < KVM_RVIC_NR_MAPS; i++) {
		struct kvm_rvic_map map = {
			.host_irq = READ_ONCE(host->maps[i].host_irq),
			.intid = READ_ONCE(host->maps[i].intid),
			.hwintid = READ_ONCE(host->maps[i].hwintid),
			.el2_level = READ_ONCE(host->maps[i].el2_level),
		};

		/* Only the per-CPU PPIs, as kvm_rvic_map_phys_irq() allows */
		if (!map.host_irq || map.intid < RVIC_NR_IPIS || map.intid >= nr_trusted ||
		    map.hwintid < 16 || map.hwintid >= 32 ||
		    map.el2_level > KVM_RVIC_LEVEL_CNTP || rvic_find_map(rvic, map.intid))
			continue;
		rvic->maps[n++] = map;
	}
	hyp_unpin_shared_mem(host, host + 1);
}

/**
 * pkvm_rvic_flush() - set the line of a vCPU about to run
 * @hyp_vcpu: the vCPU, its state just copied from the host's
 *            (flush_hyp_vcpu())
 *
 * Replaces the host's HCR_EL2.VI by the instance's line; the first time,
 * reads the host's registrations first. After an exit for a kick, the
 * call that asked for it gets its status in x0 (kvm_hyp_handle_rvic()).
 */
void pkvm_rvic_flush(struct pkvm_hyp_vcpu *hyp_vcpu)
{
	struct kvm_vcpu *vcpu = &hyp_vcpu->vcpu;
	struct kvm_rvic_vcpu *rvic = vcpu->arch.rvic;
	bool line;

	if (!rvic)
		return;
	hyp_spin_lock(&rvic->lock);
	if (!rvic->pkvm.sources)
		pkvm_rvic_read_sources(hyp_vcpu, kern_hyp_va(vcpu->kvm)->arch.rvic.nr_trusted);
	if (rvic->pkvm.kick) {
		/* Back from the exit for a kick: the call's status */
		vcpu_set_reg(vcpu, 0, rvic->pkvm.status);
		rvic->pkvm.kick = 0;
	}
	WRITE_ONCE(rvic->pkvm.mpidr, pkvm_rvic_mpidr(vcpu));
	line = rvic->fifo_len;
	hyp_spin_unlock(&rvic->lock);

	if (line)
		vcpu->arch.hcr_el2 |= HCR_VI;
	else
		vcpu->arch.hcr_el2 &= ~HCR_VI;
}

/**
 * pkvm_rvic_sync() - tell the host what it needs after a vCPU's exit
 * @hyp_vcpu: the vCPU, its state about to be copied back (sync_hyp_vcpu())
 *
 * The line, the vCPU to kick if the exit is for that, and the calls
 * completed here, added to the host's count.
 */
void pkvm_rvic_sync(struct pkvm_hyp_vcpu *hyp_vcpu)
{
	struct kvm_vcpu *host_vcpu = hyp_vcpu->host_vcpu;
	struct kvm_rvic_vcpu *rvic = hyp_vcpu->vcpu.arch.rvic;

	if (!rvic)
		return;
	hyp_spin_lock(&rvic->lock);
	pkvm_rvic_publish(hyp_vcpu);
	WRITE_ONCE(host_vcpu->arch.rvic_kick, rvic->pkvm.kick);
	hyp_spin_unlock(&rvic->lock);
	host_vcpu->stat.rvic_el2_calls += hyp_vcpu->vcpu.stat.rvic_el2_calls;
	hyp_vcpu->vcpu.stat.rvic_el2_calls = 0;
}

/*
 * The vCPU of the VM whose MPIDR is @mpidr, the first one if several
 * have it, as kvm_mpidr_to_vcpu() does, or NULL.
 */
static struct pkvm_hyp_vcpu *pkvm_rvic_target(struct pkvm_hyp_vm *hyp_vm, u64 mpidr)
{
	unsigned int i;

	for (i = 0; i < hyp_vm->nr_vcpus; i++) {
		struct pkvm_hyp_vcpu *v = hyp_vm->vcpus[i];

		if (v->vcpu.arch.rvic && READ_ONCE(v->rvic.pkvm.mpidr) == mpidr)
			return v;
	}
	return NULL;
}

/*
 * A (target, INTID) call on another vCPU's instance, checked as the host
 * checks it. A change that moves the target's line is made, and *@kick
 * set to 1 + the target's index, for the host to kick it.
 */
static unsigned long pkvm_rvic_remote(struct pkvm_hyp_vcpu *caller, u32 func,
				      u64 mpidr, u64 intid, u64 *val, u16 *kick)
{
	struct pkvm_hyp_vm *hyp_vm = pkvm_hyp_vcpu_to_hyp_vm(caller);
	struct pkvm_hyp_vcpu *target = pkvm_rvic_target(hyp_vm, mpidr);
	unsigned long status = RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
	struct kvm_rvic_vcpu *rvic;
	bool level;

	if (!target)
		return RVIC_STATUS_PACK(RVIC_STATUS_INVALID_CPU, RVIC_STATUS_ARG_X1);
	if (intid >= hyp_vm->kvm.arch.rvic.nr_total)
		return RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER, RVIC_STATUS_ARG_X2);

	rvic = &target->rvic;
	hyp_spin_lock(&rvic->lock);
	if (func == RVIC_FN_SIGNAL && !rvic->enabled) {
		status = RVIC_STATUS_PACK(RVIC_STATUS_DISABLED, RVIC_STATUS_ARG_X1);
		goto out;
	}
	/* Not loaded here: the last level reported is all there is */
	level = test_bit(intid, rvic->level);
	if (rvic_el2_moves_line(rvic, func, intid, level))
		*kick = target->vcpu.vcpu_idx + 1;
	if (func == RVIC_FN_SIGNAL)
		rvic_assign(rvic, rvic->pending, intid, true);
	else
		rvic_target_op(rvic, func, intid, level, val);
	pkvm_rvic_publish(target);
out:
	hyp_spin_unlock(&rvic->lock);
	return status;
}

/* ENABLE at EL2, with the levels EL2 reads or was told. Lock held. */
static void pkvm_rvic_enable(struct kvm_rvic_vcpu *rvic, struct kvm_rvic *rv)
{
	unsigned int intid;

	if (rvic->enabled)
		return;
	for (intid = RVIC_NR_IPIS; intid < rv->nr_trusted; intid++) {
		if (rvic_el2_level(rvic, intid) > 0)
			__set_bit(intid, rvic->pending);
	}
	rvic_enable_fifo(rvic, rv->nr_total);
}

/**
 * pkvm_rvic_call() - complete an rVIC call of a protected-mode guest
 * @vcpu: the calling vCPU, the hypervisor's
 * @func: the function ID, in the rVIC's ranges
 * @val: the call's value (x1)
 * @val2: the extension's second value (x2)
 * @line: the caller's line afterwards
 *
 * A call that moved another vCPU's line leaves the caller's @pkvm.kick
 * set: the caller must exit for the host to kick that vCPU.
 *
 * Every call is completed here, with the status words of the host's
 * version: those that return RVIC_EL2_TO_HOST in VHE and nVHE are ENABLE
 * and the calls on another instance, done here, and the calls answered
 * NOT_SUPPORTED, whose status has that value (a level only the host can
 * read does not exist here: rvic_el2_level()).
 *
 * Return: the status word.
 */
unsigned long pkvm_rvic_call(struct kvm_vcpu *vcpu, u32 func, u64 *val, u64 *val2,
			     bool *line)
{
	struct pkvm_hyp_vcpu *hyp_vcpu = container_of(vcpu, struct pkvm_hyp_vcpu, vcpu);
	struct kvm *kvm = &pkvm_hyp_vcpu_to_hyp_vm(hyp_vcpu)->kvm;
	struct kvm_rvic_vcpu *rvic = &hyp_vcpu->rvic;
	u64 arg1 = vcpu_get_reg(vcpu, 1);
	unsigned long status = RVIC_STATUS_PACK(RVIC_STATUS_SUCCESS, 0);
	u16 kick = 0;

	if (func >= RVIC_FN_SET_MASKED && func <= RVIC_FN_CLEAR_PENDING &&
	    arg1 != pkvm_rvic_mpidr(vcpu)) {
		status = pkvm_rvic_remote(hyp_vcpu, func, arg1, vcpu_get_reg(vcpu, 2), val,
					  &kick);
		hyp_spin_lock(&rvic->lock);
		rvic->pkvm.kick = kick;
	} else {
		hyp_spin_lock(&rvic->lock);
		if (func == RVIC_FN_ENABLE)
			pkvm_rvic_enable(rvic, &kvm->arch.rvic);
		else
			status = rvic_el2_call(vcpu, kvm, rvic, func, val, val2);
	}
	*line = rvic->fifo_len;
	hyp_spin_unlock(&rvic->lock);
	return status;
}

/**
 * pkvm_rvic_check_map() - check the INTID of an rVID MAP at EL2
 * @vcpu: the calling vCPU, the hypervisor's
 *
 * The rVID is the host's, but an input it maps may only raise an
 * untrusted INTID. A MAP naming another one is answered here, with the
 * host's status word for it (the input and the target are checked first,
 * as the host does); any other goes to the host.
 *
 * Return: true if the call was answered, false for the host.
 */
bool pkvm_rvic_check_map(struct kvm_vcpu *vcpu)
{
	struct kvm_rvic *rv = &kern_hyp_va(vcpu->kvm)->arch.rvic;
	struct pkvm_hyp_vcpu *hyp_vcpu = container_of(vcpu, struct pkvm_hyp_vcpu, vcpu);
	u64 input = vcpu_get_reg(vcpu, 1), mpidr = vcpu_get_reg(vcpu, 2);
	u64 intid = vcpu_get_reg(vcpu, 3);
	unsigned long status;

	if (intid >= rv->nr_trusted && intid < rv->nr_total)
		return false;
	if (input >= rv->nr_total - rv->nr_trusted)
		status = RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER, RVIC_STATUS_ARG_X1);
	else if (!pkvm_rvic_target(pkvm_hyp_vcpu_to_hyp_vm(hyp_vcpu), mpidr))
		status = RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER, RVIC_STATUS_ARG_X2);
	else
		status = RVIC_STATUS_PACK(RVIC_STATUS_ERROR_PARAMETER, RVIC_STATUS_ARG_X3);
	vcpu_set_reg(vcpu, 0, status);
	vcpu_set_reg(vcpu, 1, 0);
	vcpu_set_reg(vcpu, 2, 0);
	vcpu_set_reg(vcpu, 3, 0);
	vcpu->stat.rvic_el2_calls++;
	return true;
}

/* Is @intid a level source the host registered for this instance? */
static bool pkvm_rvic_is_source(struct kvm_rvic_vcpu *rvic, u32 intid)
{
	for (int i = 0; i < KVM_RVIC_NR_OWNERS; i++) {
		if (rvic->owners[i].owner && rvic->owners[i].intid == intid)
			return true;
	}
	return false;
}

static int pkvm_rvic_vcpu_op(struct pkvm_hyp_vcpu *hyp_vcpu, struct kvm_rvic *rv,
			     u32 op, u32 intid)
{
	struct kvm_rvic_vcpu *rvic = &hyp_vcpu->rvic;
	bool line;
	int ret = 0;

	hyp_spin_lock(&rvic->lock);
	line = rvic->fifo_len;
	switch (op) {
	case KVM_RVIC_HYP_RAISE:
		if (intid < rv->nr_trusted || intid >= rv->nr_total)
			ret = -EPERM;
		else if (!rvic->enabled)
			ret = -EAGAIN;
		else
			rvic_assign(rvic, rvic->pending, intid, true);
		break;
	case KVM_RVIC_HYP_LOW:
	case KVM_RVIC_HYP_HIGH:
		if (intid < RVIC_NR_IPIS || intid >= rv->nr_trusted)
			ret = -EPERM;
		/* Before the first run, the host's instance has the level */
		else if (!rvic->pkvm.sources)
			break;
		else if (!pkvm_rvic_is_source(rvic, intid))
			ret = -EPERM;
		else
			rvic_report_level(rvic, intid, op == KVM_RVIC_HYP_HIGH);
		break;
	case KVM_RVIC_HYP_RESET:
		rvic_reset_state(rvic);
		/* A call waiting for its status is gone with the old context */
		rvic->pkvm.kick = 0;
		break;
	default:
		ret = -EINVAL;
	}
	if (line != !!rvic->fifo_len) {
		pkvm_rvic_publish(hyp_vcpu);
		ret = 1;
	}
	hyp_spin_unlock(&rvic->lock);
	return ret;
}

/**
 * __pkvm_rvic_op() - the host's request on a vCPU's instance
 * @handle: the VM
 * @vcpu_idx: the vCPU, by index
 * @op: enum kvm_rvic_hyp_op
 * @intid: the INTID, for KVM_RVIC_HYP_RAISE, _LOW and _HIGH
 *
 * KVM_RVIC_HYP_RAISE makes an untrusted INTID pending (dropped, -EAGAIN,
 * if the instance is disabled). KVM_RVIC_HYP_LOW and _HIGH report the
 * level of a source registered before the vCPU first ran (before that,
 * they are accepted and ignored: the host's instance is read then).
 * KVM_RVIC_HYP_RESET puts the instance in its reset state, keeping the
 * registrations. KVM_RVIC_HYP_REFUSED returns how many requests on this
 * VM were refused. Refused, with -EPERM, and counted: a vCPU the VM does
 * not have, an INTID out of range or trusted for RAISE, or not a
 * registered source for LOW and HIGH.
 *
 * Return: 1 if the vCPU's line moved (the host must kick it), 0, the
 * count, or -ENOENT (no such VM), -ENXIO (no rVIC), -EPERM, -EAGAIN,
 * -EINVAL (no such @op).
 */
int __pkvm_rvic_op(pkvm_handle_t handle, u32 vcpu_idx, u32 op, u32 intid)
{
	struct pkvm_hyp_vcpu *hyp_vcpu;
	struct pkvm_hyp_vm *hyp_vm = pkvm_get_hyp_vm(handle, vcpu_idx, &hyp_vcpu);
	struct kvm_rvic *rv;
	int ret;

	if (!hyp_vm)
		return -ENOENT;
	rv = &hyp_vm->kvm.arch.rvic;
	if (!rv->ready)
		ret = -ENXIO;
	else if (op == KVM_RVIC_HYP_REFUSED)
		ret = min_t(u64, raw_atomic64_read(&rv->el2_refused), INT_MAX);
	else if (!hyp_vcpu)
		ret = -EPERM;
	else
		ret = pkvm_rvic_vcpu_op(hyp_vcpu, rv, op, intid);
	if (ret == -EPERM)
		raw_atomic64_inc(&rv->el2_refused);
	pkvm_put_hyp_vm(hyp_vm);
	return ret;
}
