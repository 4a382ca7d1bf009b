// SPDX-License-Identifier: GPL-2.0-only
/*
 * rVIC: reduced Virtual Interrupt Controller, the root irqchip of arm64
 * guests whose device tree has an "arm,rvic" node.
 *
 * What the "hardware" offers: nothing but hypercalls (SMCCC 1.1 fast calls
 * through the conduit PSCI uses) and the vCPU's virtual IRQ line. Each vCPU
 * has an rVIC instance holding, per INTID, a pending and a masked bit; the
 * line is high while the instance is enabled and some INTID is pending and
 * unmasked. Deliverable INTIDs come out in arrival order, no priorities.
 *
 * - Trusted INTIDs [0, nr_trusted) are raised by the hypervisor only and are
 *   per-CPU: 0-15 are the IPIs (SIGNAL from another vCPU), the rest are
 *   PPI-like (arch timers, PMU) and may be level-sensitive.
 * - Untrusted INTIDs [nr_trusted, nr_total) are reached through the rVID
 *   (irq-rvid.c) only, are edge-triggered, and target one CPU at a time.
 *
 * Hypercalls used by this driver:
 *   VERSION, INFO       probe
 *   ENABLE, DISABLE     CPU bring-up and teardown
 *   ACKNOWLEDGE         exception entry: takes the oldest deliverable INTID
 *                       and masks it
 *   CLEAR_MASKED        unmask, and end of interrupt (re-arms the INTID)
 *   SET_MASKED          mask
 *   RESAMPLE            end of a trusted level interrupt: the hypervisor
 *                       re-pends it if its source is still high
 *   SIGNAL              IPIs, retrigger, set pending state
 *   IS_PENDING, CLEAR_PENDING   pending state
 *
 * Implementation notes:
 * - One linear domain covers all INTIDs, hwirq == INTID. The DT names
 *   trusted INTIDs only (two cells: INTID, trigger type). Untrusted INTIDs
 *   are handed out to child domains (the rVID) by an allocator, on
 *   request through a special fwspec (RVIC_FWSPEC_UNTRUSTED).
 * - Trusted INTIDs are per-CPU interrupts (handle_percpu_devid_irq); the
 *   IPIs are allocated from the domain and given to set_smp_ipi_range().
 *   Untrusted ones use handle_fasteoi_irq: ACKNOWLEDGE already masked the
 *   INTID, so EOI is CLEAR_MASKED.
 * - ACKNOWLEDGE masks in the instance, and genirq may have masked the
 *   interrupt on its own in the meantime: EOI only unmasks what genirq
 *   considers unmasked (irqd_irq_masked() for untrusted INTIDs, a per-CPU
 *   bitmap for per-CPU ones, whose irq_data is shared by all CPUs).
 * - One exception, one ACKNOWLEDGE: the line drops as the hypervisor
 *   completes the call when nothing else is deliverable, and stays up (the
 *   exception is taken again) when something is. A spurious exception
 *   (nothing to acknowledge) counts as "Err" in /proc/interrupts.
 *
 * The ABI extension ("Extension 1" in Documentation/virt/kvm/arm/rvic.rst),
 * when the hypervisor offers it, is negotiated by each CPU as it comes up
 * and replaces the acknowledge and end of interrupt of that CPU:
 *   EXT_ACKNOWLEDGE     takes an INTID, masking it only in the level class
 *                       (trusted, past the IPIs), and says whether another
 *                       one is deliverable: edge interrupts need no EOI,
 *                       and one exception handles all that is deliverable
 *   EXT_EOI             end of a level-class interrupt: RESAMPLE and
 *                       CLEAR_MASKED in one call, which also takes the next
 *                       INTID for the loop of rvic_handle_irq()
 * Every other call is the 0.3 one. irq_rvic.ext=0 on the kernel command
 * line keeps to the 0.3 ABI; /sys/module/irq_rvic/parameters/ext reads
 * the revision in use.
 */

#define pr_fmt(fmt) "rvic: " fmt

#include <linux/arm-smccc.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/debugfs.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqchip.h>
#include <linux/irqdomain.h>
#include <linux/moduleparam.h>
#include <linux/of.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <asm/exception.h>
#include <asm/smp_plat.h>

#include "rvic-internal.h"

static struct rvic_info rvic;

/* Untrusted INTIDs handed out to child domains, bit 0 = nr_trusted */
static unsigned long *rvic_untrusted_map;
static DEFINE_RAW_SPINLOCK(rvic_untrusted_lock);

/* Per-CPU interrupts genirq has disabled on this CPU (EOI leaves them) */
static DEFINE_PER_CPU(unsigned long *, rvic_percpu_disabled);

/*
 * The extension: irq_rvic.ext is, at boot, the highest revision to ask
 * for (0: none) and, once the boot CPU has negotiated, the revision it
 * uses. Each CPU keeps the revision its instance uses: they all get the
 * same answer from one hypervisor, but a CPU that did not uses 0.3.
 */
static unsigned int rvic_ext = RVIC_EXT_REV;
module_param_named(ext, rvic_ext, uint, 0444);
MODULE_PARM_DESC(ext, "rVIC ABI extension: highest revision to use (0: the 0.3 ABI); reads back the revision in use");
static unsigned int rvic_ext_ask;
static DEFINE_PER_CPU(u8, rvic_ext_rev);

/*
 * The next INTID, when the EOI of the interrupt being handled took it
 * (EXT_EOI with ACK_NEXT): rvic_handle_irq() points rvic_next at its own
 * slot while it runs handlers, which do not nest on a CPU.
 */
enum rvic_next_state { RVIC_NEXT_UNASKED, RVIC_NEXT_TAKEN, RVIC_NEXT_NONE };

struct rvic_next {
	enum rvic_next_state	state;
	u64			intid;
	u64			flags;
};

static DEFINE_PER_CPU(struct rvic_next *, rvic_next);

/*
 * What interrupts cost, for the benchmark (debugfs rvic/calls): per kind,
 * the interrupts this guest took and the calls spent on them, end to end
 * (the SIGNAL of an IPI counts for the IPIs, on the sender), the
 * acknowledges that found nothing, and every rVIC/rVID call made.
 */
enum rvic_kind { RVIC_KIND_IPI, RVIC_KIND_PPI, RVIC_KIND_DEVICE, RVIC_NR_KINDS };

struct rvic_stats {
	u64	irqs[RVIC_NR_KINDS];
	u64	calls[RVIC_NR_KINDS];
	u64	empty;
	u64	total;
};

static DEFINE_PER_CPU(struct rvic_stats, rvic_stats);

static enum rvic_kind rvic_kind(u64 intid)
{
	if (intid < RVIC_NR_IPIS)
		return RVIC_KIND_IPI;
	return intid < rvic.nr_trusted ? RVIC_KIND_PPI : RVIC_KIND_DEVICE;
}

/* A call spent on @intid, and whether it took that interrupt */
static void rvic_count(u64 intid, bool took)
{
	enum rvic_kind k = rvic_kind(intid);

	this_cpu_inc(rvic_stats.calls[k]);
	if (took)
		this_cpu_inc(rvic_stats.irqs[k]);
}

static const char *const rvic_reasons[] = {
	[RVIC_STATUS_SUCCESS]		= "success",
	[RVIC_STATUS_ERROR_PARAMETER]	= "bad parameter",
	[RVIC_STATUS_INVALID_CPU]	= "invalid CPU",
	[RVIC_STATUS_DISABLED]		= "instance disabled",
	[RVIC_STATUS_NO_INTERRUPTS]	= "no interrupts",
};

static const char *const rvic_calls[] = {
	"VERSION", "INFO", "ENABLE", "DISABLE", "SET_MASKED", "CLEAR_MASKED",
	"IS_PENDING", "SIGNAL", "CLEAR_PENDING", "ACKNOWLEDGE", "RESAMPLE",
};

static const char *const rvic_ext_calls[] = {
	"EXT_NEGOTIATE", "EXT_ACKNOWLEDGE", "EXT_EOI",
};

static const char *rvic_call_name(u32 fn)
{
	if (fn >= RVIC_FN_FIRST && fn <= RVIC_FN_LAST)
		return rvic_calls[fn - RVIC_FN_FIRST];
	if (fn >= RVIC_FN_EXT_FIRST && fn <= RVIC_FN_EXT_LAST)
		return rvic_ext_calls[fn - RVIC_FN_EXT_FIRST];
	if (fn == RVID_FN_MAP)
		return "rVID MAP";
	if (fn == RVID_FN_UNMAP)
		return "rVID UNMAP";
	return "rVID VERSION";
}

/* rvic_call()'s report of a failure, for calls made directly; counts them */
static void rvic_check(u32 fn, u64 a1, u64 a2, u64 a3, unsigned long status)
{
	unsigned int reason = RVIC_STATUS_REASON(status);

	this_cpu_inc(rvic_stats.total);
	if (status != RVIC_STATUS_SUCCESS && reason != RVIC_STATUS_NO_INTERRUPTS)
		pr_err_ratelimited("%s(%#llx, %#llx, %#llx) failed: %s, argument x%lu (status %#lx)\n",
				   rvic_call_name(fn), a1, a2, a3,
				   reason < ARRAY_SIZE(rvic_reasons) ?
				   rvic_reasons[reason] : "unknown reason",
				   RVIC_STATUS_INDEX(status) + 1, status);
}

/**
 * rvic_call() - make an rVIC or rVID hypercall, reporting failures
 * @fn: function ID
 * @a1: first argument (x1)
 * @a2: second argument (x2)
 * @a3: third argument (x3)
 * @val: where to store x1 on return, or NULL
 *
 * A failure other than NO_INTERRUPTS is reported (rate-limited) with the
 * call, its arguments, the reason and the argument blamed.
 *
 * Return: the status word.
 */
unsigned long rvic_call(u32 fn, u64 a1, u64 a2, u64 a3, u64 *val)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_invoke(fn, a1, a2, a3, &res);
	if (val)
		*val = res.a1;
	rvic_check(fn, a1, a2, a3, res.a0);
	return res.a0;
}

/**
 * rvic_cpu_target() - the rVIC name of a CPU
 * @cpu: logical CPU number
 *
 * Return: its MPIDR affinity fields.
 */
u64 rvic_cpu_target(unsigned int cpu)
{
	return cpu_logical_map(cpu) & MPIDR_HWID_BITMASK;
}

/**
 * rvic_get_info() - the probed rVIC, for child domains
 *
 * Return: the rVIC's domain and counts; the domain is NULL until probed.
 */
const struct rvic_info *rvic_get_info(void)
{
	return &rvic;
}

static bool rvic_is_percpu(irq_hw_number_t intid)
{
	return intid < rvic.nr_trusted;
}

/* The CPU whose instance holds @d: the local one, or the affinity target. */
static u64 rvic_target(struct irq_data *d)
{
	unsigned int cpu = smp_processor_id();

	if (!rvic_is_percpu(d->hwirq)) {
		unsigned int target = cpumask_first(irq_data_get_effective_affinity_mask(d));

		/* Not routed yet (the rVID routes on activation): local CPU */
		if (target < nr_cpu_ids)
			cpu = target;
	}
	return rvic_cpu_target(cpu);
}

static void rvic_mask(struct irq_data *d)
{
	if (rvic_is_percpu(d->hwirq))
		__set_bit(d->hwirq, *this_cpu_ptr(&rvic_percpu_disabled));
	rvic_call(RVIC_FN_SET_MASKED, rvic_target(d), d->hwirq, 0, NULL);
}

static void rvic_unmask(struct irq_data *d)
{
	if (rvic_is_percpu(d->hwirq))
		__clear_bit(d->hwirq, *this_cpu_ptr(&rvic_percpu_disabled));
	rvic_call(RVIC_FN_CLEAR_MASKED, rvic_target(d), d->hwirq, 0, NULL);
}

/*
 * EOI with the extension: only the level class was masked when it was
 * taken. RESAMPLE, CLEAR_MASKED if genirq has not disabled it meanwhile,
 * and, from rvic_handle_irq(), taking the next INTID: one call.
 */
static void rvic_ext_eoi(struct irq_data *d)
{
	struct rvic_next *next = __this_cpu_read(rvic_next);
	struct arm_smccc_res res;
	u64 flags = 0;

	if (!rvic_ext_level_class(d->hwirq, rvic.nr_trusted))
		return;
	if (!test_bit(d->hwirq, *this_cpu_ptr(&rvic_percpu_disabled)))
		flags |= RVIC_EXT_EOI_UNMASK;
	if (next && next->state == RVIC_NEXT_UNASKED)
		flags |= RVIC_EXT_EOI_ACK_NEXT;

	arm_smccc_1_1_invoke(RVIC_FN_EXT_EOI, d->hwirq, flags, 0, &res);
	rvic_check(RVIC_FN_EXT_EOI, d->hwirq, flags, 0, res.a0);
	rvic_count(d->hwirq, false);
	if (!(flags & RVIC_EXT_EOI_ACK_NEXT))
		return;
	if (res.a0 == RVIC_STATUS_SUCCESS) {
		*next = (struct rvic_next){ RVIC_NEXT_TAKEN, res.a1, res.a2 };
		this_cpu_inc(rvic_stats.irqs[rvic_kind(res.a1)]);
	} else {
		next->state = RVIC_NEXT_NONE;
	}
}

static void rvic_eoi(struct irq_data *d)
{
	bool masked;

	if (__this_cpu_read(rvic_ext_rev)) {
		rvic_ext_eoi(d);
		return;
	}
	if (rvic_is_percpu(d->hwirq)) {
		masked = test_bit(d->hwirq, *this_cpu_ptr(&rvic_percpu_disabled));
		/* A level source still high is pending again after this. */
		if (irqd_is_level_type(d)) {
			rvic_call(RVIC_FN_RESAMPLE, d->hwirq, 0, 0, NULL);
			rvic_count(d->hwirq, false);
		}
	} else {
		masked = irqd_irq_masked(d);
	}
	if (!masked) {
		rvic_call(RVIC_FN_CLEAR_MASKED, rvic_target(d), d->hwirq, 0, NULL);
		rvic_count(d->hwirq, false);
	}
}

static int rvic_set_type(struct irq_data *d, unsigned int type)
{
	type &= IRQ_TYPE_SENSE_MASK;
	if (type == IRQ_TYPE_EDGE_RISING)
		return 0;
	/* Only trusted INTIDs past the IPIs can be level-sensitive. */
	if (type == IRQ_TYPE_LEVEL_HIGH && d->hwirq >= RVIC_NR_IPIS &&
	    rvic_is_percpu(d->hwirq))
		return 0;
	return -EINVAL;
}

static int rvic_retrigger(struct irq_data *d)
{
	return rvic_call(RVIC_FN_SIGNAL, rvic_target(d), d->hwirq, 0, NULL) ==
	       RVIC_STATUS_SUCCESS;
}

static int rvic_get_irqchip_state(struct irq_data *d, enum irqchip_irq_state which,
				  bool *state)
{
	u64 val;

	if (which != IRQCHIP_STATE_PENDING)
		return -EINVAL;
	if (rvic_call(RVIC_FN_IS_PENDING, rvic_target(d), d->hwirq, 0, &val))
		return -EIO;
	*state = val;
	return 0;
}

static int rvic_set_irqchip_state(struct irq_data *d, enum irqchip_irq_state which,
				  bool state)
{
	u32 fn = state ? RVIC_FN_SIGNAL : RVIC_FN_CLEAR_PENDING;

	if (which != IRQCHIP_STATE_PENDING)
		return -EINVAL;
	return rvic_call(fn, rvic_target(d), d->hwirq, 0, NULL) ? -EIO : 0;
}

/* N CPUs cost N SIGNALs: the rVIC has no broadcast. */
static void rvic_ipi_send_mask(struct irq_data *d, const struct cpumask *mask)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask) {
		rvic_call(RVIC_FN_SIGNAL, rvic_cpu_target(cpu), d->hwirq, 0, NULL);
		rvic_count(d->hwirq, false);
	}
}

static struct irq_chip rvic_chip = {
	.name			= "rvic",
	.irq_mask		= rvic_mask,
	.irq_unmask		= rvic_unmask,
	.irq_eoi		= rvic_eoi,
	.irq_set_type		= rvic_set_type,
	.irq_retrigger		= rvic_retrigger,
	.irq_get_irqchip_state	= rvic_get_irqchip_state,
	.irq_set_irqchip_state	= rvic_set_irqchip_state,
	.ipi_send_mask		= rvic_ipi_send_mask,
	.flags			= IRQCHIP_SKIP_SET_WAKE,
};

/* Handle an acknowledged INTID; @flags: the extension's, MASKED or not */
static void rvic_handle_one(u64 intid, u64 flags)
{
	if (!generic_handle_domain_irq(rvic.domain, intid))
		return;
	/* No handler: leave it masked (ACKNOWLEDGE may have already). */
	if (!(flags & RVIC_EXT_ACK_MASKED))
		rvic_call(RVIC_FN_SET_MASKED, rvic_cpu_target(smp_processor_id()), intid, 0, NULL);
	ack_bad_irq(intid);
	pr_err_ratelimited("INTID %llu acknowledged without a mapping, left masked\n", intid);
}

/* EXT_ACKNOWLEDGE, reported as rvic_call() does: true if @next got one */
static bool rvic_ext_ack(struct rvic_next *next)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_invoke(RVIC_FN_EXT_ACKNOWLEDGE, 0, 0, 0, &res);
	rvic_check(RVIC_FN_EXT_ACKNOWLEDGE, 0, 0, 0, res.a0);
	*next = (struct rvic_next){ RVIC_NEXT_TAKEN, res.a1, res.a2 };
	if (res.a0 != RVIC_STATUS_SUCCESS) {
		this_cpu_inc(rvic_stats.empty);
		return false;
	}
	rvic_count(res.a1, true);
	return true;
}

/*
 * With the extension: everything deliverable, in FIFO order, in one
 * exception. The loop stops when the hypervisor says nothing else is
 * deliverable (MORE clear, or the EOI's acknowledge found nothing);
 * anything that becomes deliverable later raises the line again.
 */
static void rvic_handle_irq_ext(void)
{
	struct rvic_next cur, slot;

	if (!rvic_ext_ack(&cur)) {
		ack_bad_irq(0);		/* spurious or disabled, as in 0.3 */
		return;
	}
	__this_cpu_write(rvic_next, &slot);
	for (;;) {
		slot.state = RVIC_NEXT_UNASKED;
		rvic_handle_one(cur.intid, cur.flags);
		if (slot.state == RVIC_NEXT_TAKEN)
			cur = slot;
		else if (slot.state == RVIC_NEXT_NONE || !(cur.flags & RVIC_EXT_ACK_MORE) ||
			 !rvic_ext_ack(&cur))
			break;
	}
	__this_cpu_write(rvic_next, NULL);
}

static void __exception_irq_entry rvic_handle_irq(struct pt_regs *regs)
{
	unsigned long status;
	u64 intid;

	if (__this_cpu_read(rvic_ext_rev)) {
		rvic_handle_irq_ext();
		return;
	}
	status = rvic_call(RVIC_FN_ACKNOWLEDGE, 0, 0, 0, &intid);
	if (status != RVIC_STATUS_SUCCESS) {
		/*
		 * The line was up but nothing is deliverable any more, or
		 * the instance is disabled: counted as "Err" in
		 * /proc/interrupts, the latter also reported by rvic_call().
		 */
		this_cpu_inc(rvic_stats.empty);
		ack_bad_irq(0);
		return;
	}
	rvic_count(intid, true);
	rvic_handle_one(intid, RVIC_EXT_ACK_MASKED);
}

static int rvic_translate(struct irq_domain *d, struct irq_fwspec *fwspec,
			  unsigned long *hwirq, unsigned int *type)
{
	if (!is_of_node(fwspec->fwnode) || fwspec->param_count != 2)
		return -EINVAL;
	/* DT only names trusted INTIDs; untrusted ones come from the rVID. */
	if (fwspec->param[0] >= rvic.nr_trusted) {
		pr_err("INTID %u in DT is not trusted (< %u)\n", fwspec->param[0],
		       rvic.nr_trusted);
		return -EINVAL;
	}
	*hwirq = fwspec->param[0];
	*type = fwspec->param[1] & IRQ_TYPE_SENSE_MASK;
	return 0;
}

static int rvic_alloc_untrusted(unsigned int nr_irqs, irq_hw_number_t *base)
{
	unsigned long flags;
	int pos;

	raw_spin_lock_irqsave(&rvic_untrusted_lock, flags);
	pos = bitmap_find_free_region(rvic_untrusted_map, rvic.nr_untrusted,
				      order_base_2(nr_irqs));
	raw_spin_unlock_irqrestore(&rvic_untrusted_lock, flags);
	if (pos < 0)
		return -ENOSPC;
	*base = rvic.nr_trusted + pos;
	return 0;
}

static void rvic_free_untrusted(irq_hw_number_t base, unsigned int nr_irqs)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&rvic_untrusted_lock, flags);
	bitmap_release_region(rvic_untrusted_map, base - rvic.nr_trusted,
			      order_base_2(nr_irqs));
	raw_spin_unlock_irqrestore(&rvic_untrusted_lock, flags);
}

static int rvic_alloc(struct irq_domain *domain, unsigned int virq,
		      unsigned int nr_irqs, void *arg)
{
	struct irq_fwspec *fwspec = arg;
	irq_hw_number_t hwirq;
	unsigned int type = IRQ_TYPE_EDGE_RISING, i;
	int ret;

	if (fwspec->param_count == 1 && fwspec->param[0] == RVIC_FWSPEC_UNTRUSTED) {
		ret = rvic_alloc_untrusted(nr_irqs, &hwirq);
		if (ret)
			return ret;
		for (i = 0; i < nr_irqs; i++)
			irq_domain_set_info(domain, virq + i, hwirq + i, &rvic_chip,
					    NULL, handle_fasteoi_irq, NULL, NULL);
		return 0;
	}

	ret = rvic_translate(domain, fwspec, &hwirq, &type);
	if (ret)
		return ret;
	if (hwirq + nr_irqs > rvic.nr_trusted)
		return -EINVAL;

	for (i = 0; i < nr_irqs; i++) {
		irq_set_percpu_devid(virq + i);
		irq_domain_set_info(domain, virq + i, hwirq + i, &rvic_chip, NULL,
				    handle_percpu_devid_irq, NULL, NULL);
	}
	return 0;
}

static void rvic_free(struct irq_domain *domain, unsigned int virq,
		      unsigned int nr_irqs)
{
	struct irq_data *d = irq_domain_get_irq_data(domain, virq);

	if (d && !rvic_is_percpu(d->hwirq))
		rvic_free_untrusted(d->hwirq, nr_irqs);
	irq_domain_free_irqs_common(domain, virq, nr_irqs);
}

static const struct irq_domain_ops rvic_domain_ops = {
	.translate	= rvic_translate,
	.alloc		= rvic_alloc,
	.free		= rvic_free,
};

/*
 * Ask for the extension on this CPU, whose instance DISABLE has just put
 * back at the 0.3 ABI. A 0.3 hypervisor, or one that hides the extension,
 * answers NOT_SUPPORTED: keep to 0.3, which is no error.
 *
 * Return: the revision this CPU uses.
 */
static u8 rvic_ext_negotiate(void)
{
	struct arm_smccc_res res;

	if (!rvic_ext_ask)
		return 0;
	arm_smccc_1_1_invoke(RVIC_FN_EXT_NEGOTIATE, rvic_ext_ask, 0, 0, &res);
	if (res.a0 == SMCCC_RET_NOT_SUPPORTED)
		return 0;
	rvic_check(RVIC_FN_EXT_NEGOTIATE, rvic_ext_ask, 0, 0, res.a0);
	if (res.a0 != RVIC_STATUS_SUCCESS || res.a1 > rvic_ext_ask)
		return 0;
	return res.a1;
}

/*
 * Bring-up of this CPU's instance: disabled, every INTID masked and not
 * pending, then enabled. A trusted level source that is high (a timer
 * left firing across a CPU off/on) must not be lost with its pending bit:
 * RESAMPLE once enabled makes it pending again, on a 0.3 host too, whose
 * CLEAR_PENDING and ENABLE do not look at levels. Genirq unmasks what it
 * wants afterwards.
 */
static int rvic_starting_cpu(unsigned int cpu)
{
	u64 self = rvic_cpu_target(cpu);
	u32 intid, nr_total = rvic.nr_trusted + rvic.nr_untrusted;

	rvic_call(RVIC_FN_DISABLE, 0, 0, 0, NULL);
	for (intid = 0; intid < nr_total; intid++) {
		rvic_call(RVIC_FN_SET_MASKED, self, intid, 0, NULL);
		rvic_call(RVIC_FN_CLEAR_PENDING, self, intid, 0, NULL);
	}
	bitmap_fill(*this_cpu_ptr(&rvic_percpu_disabled), rvic.nr_trusted);
	__this_cpu_write(rvic_ext_rev, rvic_ext_negotiate());
	rvic_call(RVIC_FN_ENABLE, 0, 0, 0, NULL);
	for (intid = RVIC_NR_IPIS; intid < rvic.nr_trusted; intid++)
		rvic_call(RVIC_FN_RESAMPLE, intid, 0, 0, NULL);
	return 0;
}

static int rvic_dying_cpu(unsigned int cpu)
{
	/* Back to the 0.3 ABI too */
	rvic_call(RVIC_FN_DISABLE, 0, 0, 0, NULL);
	__this_cpu_write(rvic_ext_rev, 0);
	return 0;
}

static int __init rvic_smp_init(struct fwnode_handle *fwnode)
{
	struct irq_fwspec ipi_fwspec = {
		.fwnode		= fwnode,
		.param_count	= 2,
		.param		= { RVIC_IPI_BASE, IRQ_TYPE_EDGE_RISING },
	};
	int base;

	base = irq_domain_alloc_irqs(rvic.domain, RVIC_NR_IPIS, NUMA_NO_NODE, &ipi_fwspec);
	if (base <= 0) {
		pr_err("cannot allocate the IPIs: %d\n", base);
		return base ? base : -ENOMEM;
	}
	set_smp_ipi_range(base, RVIC_NR_IPIS);
	return 0;
}

/**
 * rvic_counts_usable() - can the driver work with the counts INFO gave?
 * @nr_trusted: trusted INTIDs
 * @nr_untrusted: untrusted INTIDs
 *
 * The spec's rules: multiples of 32, at least 32 of each, at most 2048 in
 * all. The counts are 64-bit registers of the hypervisor's: checked so
 * that no sum can wrap around.
 *
 * Return: true if they follow the rules.
 */
bool rvic_counts_usable(u64 nr_trusted, u64 nr_untrusted)
{
	return IS_ALIGNED(nr_trusted, RVIC_NR_INTID_ALIGN) &&
	       IS_ALIGNED(nr_untrusted, RVIC_NR_INTID_ALIGN) &&
	       nr_trusted >= RVIC_MIN_NR_TRUSTED &&
	       nr_untrusted >= RVIC_MIN_NR_UNTRUSTED &&
	       nr_trusted <= RVIC_MAX_NR_INTIDS &&
	       nr_untrusted <= RVIC_MAX_NR_INTIDS - nr_trusted;
}

static int __init rvic_probe_hyp(void)
{
	u64 version, nr_trusted, nr_untrusted;

	if (arm_smccc_1_1_get_conduit() == SMCCC_CONDUIT_NONE ||
	    arm_smccc_get_version() < ARM_SMCCC_VERSION_1_1) {
		pr_err("needs SMCCC 1.1 or later (have %#x)\n", arm_smccc_get_version());
		return -ENODEV;
	}
	if (rvic_call(RVIC_FN_VERSION, 0, 0, 0, &version) ||
	    version < RVIC_VERSION_MIN || version > U32_MAX) {
		pr_err("hypervisor has no rVIC %lu.%lu or later\n",
		       RVIC_VERSION_MAJOR(RVIC_VERSION_MIN),
		       RVIC_VERSION_MINOR(RVIC_VERSION_MIN));
		return -ENODEV;
	}
	if (rvic_call(RVIC_FN_INFO, RVIC_INFO_KEY_NR_TRUSTED, 0, 0, &nr_trusted) ||
	    rvic_call(RVIC_FN_INFO, RVIC_INFO_KEY_NR_UNTRUSTED, 0, 0, &nr_untrusted))
		return -ENODEV;
	if (!rvic_counts_usable(nr_trusted, nr_untrusted)) {
		pr_err("unusable counts: %llu trusted, %llu untrusted\n",
		       nr_trusted, nr_untrusted);
		return -ENODEV;
	}
	rvic.nr_trusted = nr_trusted;
	rvic.nr_untrusted = nr_untrusted;
	pr_info("rVIC %lu.%lu, %u trusted and %u untrusted INTIDs\n",
		RVIC_VERSION_MAJOR(version), RVIC_VERSION_MINOR(version),
		rvic.nr_trusted, rvic.nr_untrusted);
	return 0;
}

static int __init rvic_of_init(struct device_node *node, struct device_node *parent)
{
	unsigned int cpu;
	u32 cells;
	int ret;

	if (parent) {
		pr_err("%pOF: must be the root interrupt controller\n", node);
		return -EINVAL;
	}
	if (!of_property_read_bool(node, "interrupt-controller")) {
		pr_err("%pOF: no interrupt-controller property\n", node);
		return -EINVAL;
	}
	if (of_property_read_u32(node, "#interrupt-cells", &cells) || cells != 2) {
		pr_err("%pOF: #interrupt-cells must be 2 (INTID, trigger type)\n", node);
		return -EINVAL;
	}

	ret = rvic_probe_hyp();
	if (ret)
		return ret;

	rvic_untrusted_map = bitmap_zalloc(rvic.nr_untrusted, GFP_KERNEL);
	if (!rvic_untrusted_map)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		per_cpu(rvic_percpu_disabled, cpu) = bitmap_zalloc(rvic.nr_trusted, GFP_KERNEL);
		if (!per_cpu(rvic_percpu_disabled, cpu)) {
			ret = -ENOMEM;
			goto out_free;
		}
	}

	rvic.domain = irq_domain_create_linear(of_node_to_fwnode(node),
					       rvic.nr_trusted + rvic.nr_untrusted,
					       &rvic_domain_ops, NULL);
	if (!rvic.domain) {
		ret = -ENOMEM;
		goto out_free;
	}
	irq_domain_update_bus_token(rvic.domain, DOMAIN_BUS_WIRED);

	ret = set_handle_irq(rvic_handle_irq);
	if (ret)
		goto out_domain;

	/* Brings up the boot CPU's instance too. */
	rvic_ext_ask = min_t(unsigned int, rvic_ext, RVIC_EXT_REV);
	ret = cpuhp_setup_state(CPUHP_AP_IRQ_RVIC_STARTING, "irqchip/rvic:starting",
				rvic_starting_cpu, rvic_dying_cpu);
	if (ret)
		goto out_domain;
	rvic_ext = this_cpu_read(rvic_ext_rev);
	if (rvic_ext)
		pr_info("ABI extension revision %u in use\n", rvic_ext);
	else
		pr_info("0.3 ABI, no extension (%s)\n",
			rvic_ext_ask ? "not offered" : "irq_rvic.ext=0");

	ret = rvic_smp_init(of_node_to_fwnode(node));
	if (ret)
		goto out_cpuhp;
	return 0;

out_cpuhp:
	/*
	 * The callbacks use what is freed below: remove them, which
	 * disables the boot CPU's instance (no secondary CPU is up yet).
	 * handle_arch_irq cannot be given back on arm64; with every
	 * instance disabled, rvic_handle_irq() only ever gets DISABLED and
	 * returns without touching the domain.
	 */
	cpuhp_remove_state(CPUHP_AP_IRQ_RVIC_STARTING);
out_domain:
	irq_domain_remove(rvic.domain);
	rvic.domain = NULL;
out_free:
	for_each_possible_cpu(cpu)
		bitmap_free(per_cpu(rvic_percpu_disabled, cpu));
	bitmap_free(rvic_untrusted_map);
	return ret;
}
IRQCHIP_DECLARE(rvic, "arm,rvic", rvic_of_init);

/* debugfs rvic/calls: the sums over the CPUs of rvic_stats */
static int rvic_calls_show(struct seq_file *m, void *v)
{
	static const char *const kinds[] = { "ipi", "ppi", "device" };
	struct rvic_stats sum = { };
	unsigned int cpu, k;

	for_each_possible_cpu(cpu) {
		struct rvic_stats *st = per_cpu_ptr(&rvic_stats, cpu);

		for (k = 0; k < RVIC_NR_KINDS; k++) {
			sum.irqs[k] += READ_ONCE(st->irqs[k]);
			sum.calls[k] += READ_ONCE(st->calls[k]);
		}
		sum.empty += READ_ONCE(st->empty);
		sum.total += READ_ONCE(st->total);
	}
	seq_printf(m, "ext %u\n", rvic_ext);
	for (k = 0; k < RVIC_NR_KINDS; k++)
		seq_printf(m, "%s %llu irqs %llu calls\n", kinds[k], sum.irqs[k], sum.calls[k]);
	seq_printf(m, "empty %llu\ntotal %llu\n", sum.empty, sum.total);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rvic_calls);

static int __init rvic_debugfs_init(void)
{
	if (rvic.domain)
		debugfs_create_file("calls", 0444, debugfs_create_dir("rvic", NULL), NULL,
				    &rvic_calls_fops);
	return 0;
}
late_initcall(rvic_debugfs_init);
