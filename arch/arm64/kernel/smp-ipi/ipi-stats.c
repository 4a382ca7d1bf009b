// SPDX-License-Identifier: GPL-2.0-only
/*
 * arm64 IPI statistics: how many IPIs of each type were sent and handled,
 * and how long each took from send to handler, as a log2 histogram.
 *
 * The hooks sit in the SMP core (smp_cross_call() and do_handle_IPI()), so
 * the same code measures any root irqchip, GICv3 or rVIC alike.
 *
 * Latency: each (target CPU, IPI type) has a slot holding the time of the
 * oldest send its handler has not yet seen. The sender fills it only if it
 * is empty (cmpxchg), before sending; the handler empties it (xchg) and
 * records now - then. Sends that coalesce into one handler run are counted
 * as sent but measured once, from the oldest. The clock is the
 * architected counter, common to all CPUs.
 *
 * debugfs: ipi/stats (read), ipi/reset (write anything). Each line of
 * ipi/stats: "IPI<n> <sent> <handled> <measured> <sum of latencies, ns> |"
 * then the histogram's buckets from 0 up to the last non-empty one.
 */

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/log2.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/timekeeping.h>

#include <asm/ipi-stats.h>

#define IPI_STATS_TYPES		16
#define IPI_STATS_BUCKETS	32	/* bucket b: [2^b, 2^(b+1)) ns */

struct ipi_stats_cpu {
	u64		sent_at[IPI_STATS_TYPES];
	atomic_long_t	sent[IPI_STATS_TYPES];	/* senders race on it */
	unsigned long	handled[IPI_STATS_TYPES];
	unsigned long	measured[IPI_STATS_TYPES];
	u64		lat_sum[IPI_STATS_TYPES];
	unsigned long	hist[IPI_STATS_TYPES][IPI_STATS_BUCKETS];
};

static DEFINE_PER_CPU(struct ipi_stats_cpu, ipi_stats);

void ipi_stats_send(const struct cpumask *target, unsigned int ipinr)
{
	u64 now = ktime_get_mono_fast_ns();
	unsigned int cpu;

	if (ipinr >= IPI_STATS_TYPES)
		return;
	for_each_cpu(cpu, target) {
		cmpxchg(&per_cpu(ipi_stats, cpu).sent_at[ipinr], 0, now);
		atomic_long_inc(&per_cpu(ipi_stats, cpu).sent[ipinr]);
	}
}

void ipi_stats_handle(unsigned int ipinr)
{
	struct ipi_stats_cpu *st = this_cpu_ptr(&ipi_stats);
	u64 then, now;

	if (ipinr >= IPI_STATS_TYPES)
		return;
	now = ktime_get_mono_fast_ns();
	st->handled[ipinr]++;
	then = xchg(&st->sent_at[ipinr], 0);
	if (then && now > then) {
		st->measured[ipinr]++;
		st->lat_sum[ipinr] += now - then;
		st->hist[ipinr][min_t(unsigned int, ilog2(now - then),
				      IPI_STATS_BUCKETS - 1)]++;
	}
}

static int ipi_stats_show(struct seq_file *s, void *unused)
{
	unsigned long sent, handled, measured, hist[IPI_STATS_BUCKETS];
	u64 lat_sum;
	unsigned int ipi, cpu, b, last;

	seq_puts(s, "# ipi sent handled measured latency_sum_ns | latency histogram, bucket b counts [2^b, 2^(b+1)) ns\n");
	for (ipi = 0; ipi < IPI_STATS_TYPES; ipi++) {
		sent = handled = measured = 0;
		lat_sum = 0;
		memset(hist, 0, sizeof(hist));
		for_each_possible_cpu(cpu) {
			struct ipi_stats_cpu *st = per_cpu_ptr(&ipi_stats, cpu);

			sent += atomic_long_read(&st->sent[ipi]);
			handled += READ_ONCE(st->handled[ipi]);
			measured += READ_ONCE(st->measured[ipi]);
			lat_sum += READ_ONCE(st->lat_sum[ipi]);
			for (b = 0; b < IPI_STATS_BUCKETS; b++)
				hist[b] += READ_ONCE(st->hist[ipi][b]);
		}
		if (!sent && !handled)
			continue;
		seq_printf(s, "IPI%u %lu %lu %lu %llu |", ipi, sent, handled,
			   measured, lat_sum);
		for (last = IPI_STATS_BUCKETS; last && !hist[last - 1]; last--)
			;
		for (b = 0; b < last; b++)
			seq_printf(s, " %lu", hist[b]);
		seq_putc(s, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ipi_stats);

static ssize_t ipi_stats_reset(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(&ipi_stats, cpu), 0, sizeof(struct ipi_stats_cpu));
	return count;
}

static const struct file_operations ipi_stats_reset_fops = {
	.write	= ipi_stats_reset,
	.llseek	= noop_llseek,
};

static int __init ipi_stats_init(void)
{
	struct dentry *dir = debugfs_create_dir("ipi", NULL);

	debugfs_create_file("stats", 0444, dir, NULL, &ipi_stats_fops);
	debugfs_create_file("reset", 0200, dir, NULL, &ipi_stats_reset_fops);
	return 0;
}
late_initcall(ipi_stats_init);
