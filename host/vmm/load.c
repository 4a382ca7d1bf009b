// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory layout and loading, as Documentation/arch/arm64/booting.rst
 * wants it:
 *
 *   RAM_BASE + text_offset   the Image, image_size bytes (BSS included)
 *   ...                      free for the kernel
 *   initrd                   page aligned, right below the DTB
 *   top - 2 MiB              the DTB, 2 MiB aligned so that it never
 *                            crosses a 2 MiB boundary
 *
 * where top is the end of RAM or 4 GiB, whichever is lower: this keeps
 * /chosen/linux,initrd-* in one cell each, the form dt-schema accepts.
 */
#include <endian.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm.h"

#define ARM64_IMAGE_MAGIC	0x644d5241	/* "ARM\x64" */
#define TOP_4G			0x100000000ULL

struct arm64_image_header {
	u32 code0;
	u32 code1;
	u64 text_offset;	/* little endian, as all of it */
	u64 image_size;
	u64 flags;
	u64 res2, res3, res4;
	u32 magic;
	u32 res5;
};

static u64 file_size(const char *what, const char *path)
{
	struct stat st;

	if (stat(path, &st))
		die_perror("%s '%s'", what, path);
	return st.st_size;
}

static void read_file(const char *what, const char *path, void *buf,
		      u64 size)
{
	int fd = open(path, O_RDONLY);
	u64 done = 0;
	ssize_t n;

	if (fd < 0)
		die_perror("%s '%s'", what, path);
	while (done < size) {
		n = read(fd, (u8 *)buf + done, size - done);
		if (n < 0)
			die_perror("%s '%s': read", what, path);
		if (!n)
			die("%s '%s': file shrank while loading", what, path);
		done += n;
	}
	close(fd);
}

/** load_layout() - place the kernel, the initrd and the DTB in guest RAM */
void load_layout(void)
{
	u64 top = RAM_BASE + vm.ram_size, size, image_size;
	struct arm64_image_header h;

	vm.kernel_addr = vm.kernel_end = RAM_BASE;
	if (vm.kernel) {
		size = file_size("kernel", vm.kernel);
		if (size < sizeof(h))
			die("kernel '%s': too small for an arm64 Image", vm.kernel);
		read_file("kernel", vm.kernel, &h, sizeof(h));
		if (le32toh(h.magic) != ARM64_IMAGE_MAGIC)
			die("kernel '%s': not an arm64 Image (no \"ARM\\x64\" magic; a compressed Image.gz is not supported)",
			    vm.kernel);
		image_size = le64toh(h.image_size);
		vm.kernel_addr = RAM_BASE + le64toh(h.text_offset);
		/* image_size 0: a kernel older than 3.17, guess */
		vm.kernel_end = vm.kernel_addr + (image_size > size ?
						  image_size : size);
	}

	if (top > TOP_4G)
		top = TOP_4G;
	vm.dtb_addr = top - SZ_2M;
	vm.initrd_start = vm.initrd_end = vm.dtb_addr;
	if (vm.initrd) {
		size = file_size("initrd", vm.initrd);
		if (size >= vm.dtb_addr - RAM_BASE)
			die("--mem %llu: memory too small for the initrd (%llu MiB)",
			    (unsigned long long)(vm.ram_size / SZ_1M),
			    (unsigned long long)(size / SZ_1M));
		vm.initrd_start = ALIGN_DOWN(vm.dtb_addr - size, SZ_4K);
		vm.initrd_end = vm.initrd_start + size;
	}
	if (vm.kernel_end > vm.initrd_start)
		die("--mem %llu: memory too small for the kernel (%llu MiB) and the initrd (%llu MiB)",
		    (unsigned long long)(vm.ram_size / SZ_1M),
		    (unsigned long long)((vm.kernel_end - RAM_BASE) / SZ_1M),
		    (unsigned long long)((vm.initrd_end - vm.initrd_start) /
					 SZ_1M));
}

/** load_images() - copy the Image, the initrd and the DTB into guest RAM */
void load_images(void)
{
	size_t size;
	void *fdt;

	read_file("kernel", vm.kernel, vm.ram + (vm.kernel_addr - RAM_BASE),
		  file_size("kernel", vm.kernel));
	if (vm.initrd)
		read_file("initrd", vm.initrd,
			  vm.ram + (vm.initrd_start - RAM_BASE),
			  vm.initrd_end - vm.initrd_start);
	fdt = fdt_build(&size);
	memcpy(vm.ram + (vm.dtb_addr - RAM_BASE), fdt, size);
	free(fdt);
}
