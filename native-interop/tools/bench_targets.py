#!/usr/bin/env python3
"""MicroWake target benchmark: builds mw_bench (native-interop/targets/bench) for each
QEMU target and kernel backend, runs it under QEMU with the instruction-count plugin
(native-interop/tools/qemu-icount), runs the host build for timings, and writes
report.json and report.md.

Figures: executed instructions per inference and per operator (grouped by kernel),
per front-end hop, MACs, flash (library kept in the linked image, each model), RAM
(interpreter arena, engine arena, front-end arena, peak stack). Instruction counts
are exact and repeatable; they are not cycles, so compare them only on one core.

Usage: bench-targets.sh [--targets cortex-m4,cortex-m7,cortex-m55,rv32,host]
                        [--build-dir DIR] [--out DIR]
"""
import argparse
import datetime
import json
import os
import re
import shutil
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NATIVE = os.path.dirname(HERE)
REPO = os.path.dirname(NATIVE)
DATA = os.path.join(REPO, "tests", "data", "tflm")

TARGETS = {
    "cortex-m4": {"toolchain": "cortex-m4.cmake", "machine": "mps2-an386", "prefix": "arm-none-eabi-",
                  "backends": ["reference", "arm-dsp"], "core": "Cortex-M4F"},
    "cortex-m7": {"toolchain": "cortex-m7.cmake", "machine": "mps2-an500", "prefix": "arm-none-eabi-",
                  "backends": ["reference", "arm-dsp"], "core": "Cortex-M7"},
    "cortex-m55": {"toolchain": "cortex-m55.cmake", "machine": "mps3-an547", "prefix": "arm-none-eabi-",
                   "backends": ["reference", "arm-dsp", "mve"], "core": "Cortex-M55"},
    "rv32": {"toolchain": "rv32imc.cmake", "machine": "riscv32-virt", "prefix": "riscv64-unknown-elf-",
             "backends": ["reference"], "core": "RV32IMC"},
}

# (name, path relative to the repo, vector stem or None, engine settings for mw_bench)
MODELS = [
    ("yes_no", "models/yes_no/yes_no.tflite", None, "meta"),
    ("kws_ref_model", "tests/data/tflm/models/kws_ref_model.tflite", "kws_ref_model/020", "mfcc"),
    ("micro_speech_quantized", "tests/data/tflm/models/micro_speech_quantized.tflite",
     "micro_speech_quantized/024", "tflm-micro"),
]

# TFLM on the same cores under QEMU (../shared/docs/field.md): instructions per inference.
FIELD = {
    ("cortex-m4", "micro_speech_quantized"): {"tflm_reference": 9309072, "tflm_cmsis_nn": 1495512},
    ("cortex-m4", "kws_ref_model"): {"tflm_reference": 43023798, "tflm_cmsis_nn": 7697732},
    ("cortex-m55", "micro_speech_quantized"): {"tflm_reference": 9829919, "tflm_cmsis_nn": 1008352},
    ("cortex-m55", "kws_ref_model"): {"tflm_reference": 41900583, "tflm_cmsis_nn": 1813496},
}
# TFLM + CMSIS-NN arena bytes (field.md): M4F and M55 (CMSIS-NN's Helium kernels need more scratch).
FIELD_ARENA = {("cortex-m4", "micro_speech_quantized"): 6836, ("cortex-m4", "kws_ref_model"): 22820,
               ("cortex-m55", "micro_speech_quantized"): 7812, ("cortex-m55", "kws_ref_model"): 27348}
FIELD_FLASH_TFLM = 61.1 * 1024  # TFLM + CMSIS-NN, int8 kernels only registered (M4F)

OP_NAMES = {1: "AVERAGE_POOL_2D", 3: "CONV_2D", 4: "DEPTHWISE_CONV_2D", 6: "DEQUANTIZE", 9: "FULLY_CONNECTED",
            17: "MAX_POOL_2D", 22: "RESHAPE", 25: "SOFTMAX", 114: "QUANTIZE"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


# ---------------------------------------------------------------- tflite op list

def tflite_ops(path):
    """Builtin operator names of subgraph 0, in execution order (flatbuffer walk)."""
    buf = open(path, "rb").read()
    u32 = lambda o: struct.unpack_from("<I", buf, o)[0]

    def field(table, index):
        vtable = table - struct.unpack_from("<i", buf, table)[0]
        vlen = struct.unpack_from("<H", buf, vtable)[0]
        off = struct.unpack_from("<H", buf, vtable + 4 + 2 * index)[0] if 4 + 2 * index < vlen else 0
        return table + off if off else None

    def vector(table, index):
        pos = field(table, index)
        if pos is None:
            return []
        vec = pos + u32(pos)
        return [vec + 4 + 4 * i + u32(vec + 4 + 4 * i) for i in range(u32(vec))]

    model = u32(0)
    codes = []
    for oc in vector(model, 1):
        dep = field(oc, 0)
        new = field(oc, 3)
        code = struct.unpack_from("<i", buf, new)[0] if new else 0
        if dep is not None:
            code = max(code, struct.unpack_from("<b", buf, dep)[0])
        codes.append(code)
    subgraph = vector(model, 2)[0]
    names = []
    for op in vector(subgraph, 3):
        idx = field(op, 0)
        code = codes[u32(idx) if idx else 0]
        names.append(OP_NAMES.get(code, "BUILTIN_%d" % code))
    return names


# ---------------------------------------------------------------- build

def configure_build(build_root, target, backend):
    bdir = os.path.join(build_root, "%s-%s" % (target, backend))
    args = ["cmake", "-S", os.path.join(NATIVE, "targets", "bench"), "-B", bdir,
            "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DMW_KERNEL_BACKEND=" + backend, "-DMW_BENCH_TARGET=" + target]
    if target != "host":
        args.append("-DCMAKE_TOOLCHAIN_FILE=" + os.path.join(NATIVE, "cmake", TARGETS[target]["toolchain"]))
    if backend == "cmsis-nn":
        args.append("-DCMSIS_NN_PATH=" + os.environ["CMSIS_NN_PATH"])
    log("build %s/%s" % (target, backend))
    run(args)
    run(["cmake", "--build", bdir, "-j2", "--target", "mw_bench"])
    return os.path.join(bdir, "mw_bench")


def symbols(prefix, elf):
    out = run([prefix + "nm", elf]).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16) & ~1  # Thumb bit
    return syms


def source_parts():
    """Object file name -> library part (the folder under src/ its source lives in)."""
    parts = {}
    src = os.path.join(NATIVE, "src")
    for root, _, files in os.walk(src):
        part = os.path.relpath(root, src).split(os.sep)[0]
        for f in files:
            if f.endswith(".c"):
                parts[f + ".obj"] = part
                parts[f + ".o"] = part
    return parts


def library_flash(map_path):
    """Bytes of libmicrowake.a the linker kept in the image, by section kind, and the
    flash (text + rodata + data) of each part of the library."""
    sizes = {"text": 0, "rodata": 0, "data": 0, "bss": 0}
    parts = source_parts()
    by_part = {}
    text = open(map_path).read()
    start = text.find("Linker script and memory map")
    pending = None
    for line in text[start:].splitlines():
        m = re.match(r"^ (\.[\w.$]+)\s*$", line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r"^ (\.[\w.$]+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)", line)
        if not m:
            pending = None
            continue
        name = m.group(1) or pending
        pending = None
        if not name or "libmicrowake.a" not in m.group(4):
            continue
        size = int(m.group(3), 16)
        member = re.search(r"libmicrowake\.a\(([^)]+)\)", m.group(4))
        part = parts.get(member.group(1), "external") if member else "external"
        for kind in ("text", "rodata", "data", "bss"):
            if name.startswith("." + kind) or (kind == "data" and name.startswith(".sdata")) or \
                    (kind == "bss" and name.startswith(".sbss")) or (kind == "rodata" and name.startswith(".srodata")):
                sizes[kind] += size
                if kind != "bss":
                    by_part[part] = by_part.get(part, 0) + size
                break
    sizes["flash"] = sizes["text"] + sizes["rodata"] + sizes["data"]
    sizes["flash_by_part"] = dict(sorted(by_part.items()))
    sizes["ram_static"] = sizes["data"] + sizes["bss"]
    return sizes


# ---------------------------------------------------------------- runs

def parse_lines(stdout):
    info = {"regions": [], "lines": stdout.splitlines()}
    for line in stdout.splitlines():
        if line.startswith("REGION "):
            info["regions"].append(line[7:].split())
        elif line.startswith("ERROR"):
            raise RuntimeError(line)
        elif line.startswith("MODEL ") or line.startswith("ENGINE ") or line.startswith("FRONTEND "):
            key = line.split()[0].lower()
            kv = dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
            if key == "frontend":
                info.setdefault("frontends", {})[line.split()[1]] = kv
            else:
                info[key] = kv
        elif line.startswith("CHECK "):
            info["check"] = line.split()[1]
    return info


def run_target(target, elf, plugin, args, out_file):
    """One QEMU run; retried once if its output and the marker log disagree."""
    try:
        return run_target_once(target, elf, plugin, args, out_file)
    except RuntimeError as e:
        log("retrying %s %s: %s" % (target, args, e))
        return run_target_once(target, elf, plugin, args, out_file)


def run_target_once(target, elf, plugin, args, out_file):
    t = TARGETS[target]
    syms = symbols(t["prefix"], elf)
    env = dict(os.environ)
    env["MW_SEMIHOST_ARGS"] = ",".join("arg=" + a for a in ["mw_bench"] + args)
    plugin_arg = "%s,out=%s,marker=0x%x,marker=0x%x" % (plugin, out_file, syms["mw_bench_start"],
                                                         syms["mw_bench_stop"])
    res = subprocess.run([os.path.join(NATIVE, "cmake", "qemu-run.sh"), t["machine"], elf, "-plugin", plugin_arg],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if res.returncode != 0:
        raise RuntimeError("%s %s failed (%d): %s %s" % (target, args, res.returncode, res.stdout[-2000:],
                                                         res.stderr[-2000:]))
    # picolibc's semihosting console (RV32) writes to QEMU's stderr, newlib's (Arm) to stdout.
    info = parse_lines(res.stdout + res.stderr)
    marks = []
    for line in open(out_file):
        parts = line.split()
        if parts[0] == "mark":
            marks.append((int(parts[1], 16), int(parts[2])))
    start, stop = syms["mw_bench_start"], syms["mw_bench_stop"]
    counts, begin = [], None
    for pc, total in marks:
        if pc == start:
            begin = total
        elif pc == stop and begin is not None:
            counts.append(total - begin)
            begin = None
    if len(counts) != len(info["regions"]):
        raise RuntimeError("%d marker pairs for %d regions; output: %r" % (len(counts), len(info["regions"]),
                                                                           res.stdout[-500:]))
    calib = counts[0] if info["regions"] and info["regions"][0][0] == "calib" else 0
    info["counts"] = [c - calib for c in counts]
    return info


def kv(fields):
    return dict(f.split("=", 1) for f in fields if "=" in f)


def summarize_model(info, op_names):
    res = {"model_bytes": int(info["model"]["bytes"]), "arena_bytes": int(info["model"]["arena"]),
           "macs": int(info["model"]["macs"]), "check": info.get("check", "none")}
    if "engine" in info and "arena" in info["engine"]:
        res["engine_arena_bytes"] = int(info["engine"]["arena"])
    ops, per_kernel = [], {}
    for fields, count in zip(info["regions"], info["counts"]):
        if fields[0] == "invoke":
            res["instructions_per_inference"] = count
            res["peak_stack_bytes"] = int(kv(fields).get("stack", 0))
        elif fields[0] == "op":
            index = int(fields[1])
            name = op_names[index] if index < len(op_names) else "?"
            ops.append({"index": index, "op": name, "instructions": count})
            per_kernel[name] = per_kernel.get(name, 0) + count
    res["operators"] = ops
    res["per_kernel"] = per_kernel
    if res.get("macs"):
        res["instructions_per_mac"] = round(res["instructions_per_inference"] / res["macs"], 3)
    return res


def summarize_frontends(info):
    out = {}
    for name, meta in info.get("frontends", {}).items():
        hops = [(int(f[2]), kv(f), c) for f, c in zip(info["regions"], info["counts"]) if f[0] == "hop" and f[1] == name]
        frames = [c for i, m, c in hops if m.get("frame") == "1"]
        steady = frames[1:] if len(frames) > 1 else frames
        out[name] = {"arena_bytes": int(meta["arena"]), "values_per_frame": int(meta["values"]),
                     "hop_samples": int(meta["hop"]),
                     "instructions_per_hop_mean": round(sum(steady) / len(steady)) if steady else None,
                     "instructions_per_hop_max": max(frames) if frames else None,
                     "peak_stack_bytes": max(int(m.get("stack", 0)) for i, m, c in hops) if hops else None}
    return out


def run_host(elf, args):
    res = run([elf] + args)
    info = parse_lines(res.stdout)
    out = {}
    for fields in info["regions"]:
        if fields[0] == "invoke":
            out["us_per_inference"] = float(kv(fields)["us"])
        elif fields[0] == "hops":
            out.setdefault("frontends", {})[fields[1]] = {"us_per_hop": float(kv(fields)["us_per_hop"])}
    if "model" in info:
        out["arena_bytes"] = int(info["model"]["arena"])
        out["check"] = info.get("check", "none")
    return out


def model_args(model):
    name, rel, vec, settings = model
    args = ["model=" + os.path.join(REPO, rel), "settings=" + settings]
    if vec:
        args += ["input=" + os.path.join(DATA, vec + ".input.bin"), "expect=" + os.path.join(DATA, vec + ".output.bin")]
    return args


# ---------------------------------------------------------------- report

def tool_version(cmd):
    try:
        return run(cmd).stdout.splitlines()[0]
    except (OSError, subprocess.CalledProcessError):
        return "not found"


def fmt(n):
    return "{:,}".format(n) if isinstance(n, int) else ("-" if n is None else str(n))


def write_markdown(report, path):
    L = []
    L.append("# MicroWake benchmark report\n")
    L.append("Written by `native-interop/tools/bench-targets.sh` on %s. %s; %s; %s.\n" % (
        report["date"], report["tools"]["qemu"], report["tools"]["arm_gcc"], report["tools"]["riscv_gcc"]))
    L.append("Instruction counts are exact counts of executed guest instructions under QEMU (TCG plugin "
             "`native-interop/tools/qemu-icount`), one inference after initialisation. They are not cycles: compare "
             "them only on the same core (an MVE instruction takes 2+ beats, a load on Cortex-M4 two cycles). "
             "Each run also checks the output against TFLM's reference vector (`check`).\n")
    targets = report["targets"]
    models = [m[0] for m in MODELS if any(m[0] in b["models"] for t in targets.values() for b in t["backends"].values())]

    L.append("## Instructions per inference\n")
    L.append("| model | MACs | core | backend | instructions | per MAC | vs reference | TFLM reference | TFLM + CMSIS-NN | check |")
    L.append("|---|---:|---|---|---:|---:|---:|---:|---:|---|")
    for m in models:
        for tname, t in targets.items():
            ref = t["backends"].get("reference", {}).get("models", {}).get(m, {}).get("instructions_per_inference")
            for bname, b in t["backends"].items():
                r = b["models"].get(m)
                if not r:
                    continue
                field = FIELD.get((tname, m), {})
                speed = "%.2fx" % (ref / r["instructions_per_inference"]) if ref and bname != "reference" else ""
                L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    m, fmt(r["macs"]), t["core"], bname, fmt(r["instructions_per_inference"]),
                    r.get("instructions_per_mac", "-"), speed, fmt(field.get("tflm_reference")),
                    fmt(field.get("tflm_cmsis_nn")), r["check"]))
    L.append("\nTFLM figures: tflite-micro 90b983c with its reference kernels and with CMSIS-NN, measured the same way "
             "(`../shared/docs/field.md`).")
    if report.get("cmsis_nn"):
        L.append(" The `cmsis-nn` rows are MicroWake's interpreter with CMSIS-NN %s as its kernels (a local "
                 "checkout given by CMSIS_NN_PATH; nothing of it is in this repository)." % report["cmsis_nn"])
    L.append("")

    L.append("## Per kernel (instructions per inference, summed over the model's operators)\n")
    for m in models:
        cols = [(tn, bn) for tn, t in targets.items() for bn, b in t["backends"].items() if m in b["models"]]
        kernels = []
        for tn, bn in cols:
            for k in targets[tn]["backends"][bn]["models"][m]["per_kernel"]:
                if k not in kernels:
                    kernels.append(k)
        L.append("### %s\n" % m)
        L.append("| kernel | " + " | ".join("%s %s" % (targets[tn]["core"], bn) for tn, bn in cols) + " |")
        L.append("|---|" + "---:|" * len(cols))
        for k in kernels:
            L.append("| %s | " % k + " | ".join(fmt(targets[tn]["backends"][bn]["models"][m]["per_kernel"].get(k))
                                                for tn, bn in cols) + " |")
        L.append("")

    L.append("## Front ends: instructions per 20 ms hop (steady state)\n")
    L.append("| front end | core | backend | instructions/hop (mean) | max | ms at 160 MHz, 1 instr/cycle | "
             "% of the hop | arena | peak stack |")
    L.append("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for tname, t in targets.items():
        for bname, b in t["backends"].items():
            if bname != TARGETS[tname]["backends"][-1]:
                continue  # front ends do not depend on the kernel backend: show the preset's build
            for fname, f in b.get("frontends", {}).items():
                mean = f["instructions_per_hop_mean"]
                ms = mean / 160e3 if mean else None
                L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    fname, t["core"], bname, fmt(mean), fmt(f["instructions_per_hop_max"]),
                    "%.2f" % ms if ms else "-", "%.1f %%" % (ms / 20 * 100) if ms else "-",
                    fmt(f["arena_bytes"]), fmt(f["peak_stack_bytes"])))
    L.append("\nThe ESP32-C3 (RV32IMC, 160 MHz) estimate assumes about one instruction per cycle; an ESP32 "
             "(Xtensa LX6, 240 MHz, no build here) would run the same C at a similar instruction count, so about "
             "two thirds of the RV32 time.\n")

    L.append("## Memory\n")
    L.append("| model | model flash | core | backend | arena | engine arena (front end + features + interpreter) "
             "| peak stack (invoke) | TFLM + CMSIS-NN arena |")
    L.append("|---|---:|---|---|---:|---:|---:|---:|")
    for m in models:
        for tname, t in targets.items():
            for bname, b in t["backends"].items():
                r = b["models"].get(m)
                if r:
                    L.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                        m, fmt(r["model_bytes"]), t["core"], bname, fmt(r["arena_bytes"]),
                        fmt(r.get("engine_arena_bytes")), fmt(r.get("peak_stack_bytes")),
                        fmt(FIELD_ARENA.get((tname, m)))))
    L.append("\n## Library flash (bytes kept in the linked image: interpreter, kernels, both front ends, engine; "
             "\"external\" is CMSIS-NN itself)\n")
    part_names = sorted({p for t in targets.values() for b in t["backends"].values()
                         for p in b["library"].get("flash_by_part", {})})
    L.append("| core | backend | text | rodata | data | bss | flash (text+rodata+data) | " +
             " | ".join("of which %s" % p for p in part_names) + " |")
    L.append("|---|---|---:|---:|---:|---:|---:|" + "---:|" * len(part_names))
    for tname, t in targets.items():
        for bname, b in t["backends"].items():
            f = b["library"]
            L.append("| %s | %s | %s | %s | %s | %s | %s | " % (t["core"], bname, fmt(f["text"]), fmt(f["rodata"]),
                                                            fmt(f["data"]), fmt(f["bss"]), fmt(f["flash"])) +
                     " | ".join(fmt(f.get("flash_by_part", {}).get(p)) for p in part_names) + " |")
    L.append("\nFor comparison, TFLM + CMSIS-NN with only the int8 kernels registered (interpreter and kernels, no "
             "front end): about %s bytes on Cortex-M4F (`../shared/docs/field.md`); compare it with MicroWake's "
             "common + model + interpreter + kernels.\n" % fmt(int(FIELD_FLASH_TFLM)))

    if report.get("host"):
        h = report["host"]
        L.append("## Host (x86-64, %s, reference kernels)\n" % h.get("compiler", "cc"))
        L.append("| what | time |")
        L.append("|---|---:|")
        for m, r in h["models"].items():
            L.append("| %s inference | %.1f us |" % (m, r["us_per_inference"]))
        for fname, f in h.get("frontends", {}).items():
            L.append("| %s front end, one hop | %.2f us |" % (fname, f["us_per_hop"]))
        L.append("\nHost times are wall-clock on a shared machine: indicative only.\n")
    L.append("## Not run\n")
    for s in report.get("skipped", []):
        L.append("- " + s)
    L.append("- ESP32 (Xtensa): Debian has no toolchain or QEMU machine for it; RV32IMC stands in for the "
             "ESP32-C3, and the esp-nn backend was not built.")
    L.append("- Ethos-U: no NPU model in QEMU; `src/kernels/ethos_u` is written against the driver's API only.")
    if not any("cmsis-nn" in t["backends"] for t in targets.values()):
        L.append("- cmsis-nn backend: set CMSIS_NN_PATH to a CMSIS-NN checkout to add it.")
    L.append("")
    open(path, "w").write("\n".join(L) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--targets", default="cortex-m4,cortex-m7,cortex-m55,rv32,host")
    ap.add_argument("--build-dir", default=os.environ.get("MW_BENCH_BUILD", os.path.join(REPO, "build", "bench")))
    ap.add_argument("--out", default=os.path.join(NATIVE, "bench"))
    a = ap.parse_args()
    wanted = a.targets.split(",")
    os.makedirs(a.build_dir, exist_ok=True)
    os.makedirs(a.out, exist_ok=True)

    plugin = os.path.join(a.build_dir, "libmw_icount.so")
    run(["cc", "-O2", "-fPIC", "-shared", "-fvisibility=hidden", "-o", plugin,
         os.path.join(HERE, "qemu-icount", "mw_icount.c")])

    report = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "tools": {"qemu": tool_version(["qemu-system-arm", "--version"]),
                        "arm_gcc": tool_version(["arm-none-eabi-gcc", "--version"]),
                        "riscv_gcc": tool_version(["riscv64-unknown-elf-gcc", "--version"])},
              "targets": {}, "skipped": []}
    if os.environ.get("CMSIS_NN_PATH"):
        rev = subprocess.run(["git", "-C", os.environ["CMSIS_NN_PATH"], "log", "-1", "--format=%h (%cs)"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
        report["cmsis_nn"] = rev or "(unknown version)"
    models = []
    for m in MODELS:
        if os.path.exists(os.path.join(REPO, m[1])):
            models.append(m)
        else:
            report["skipped"].append("%s: %s does not exist yet" % (m[0], m[1]))
    op_names = {m[0]: tflite_ops(os.path.join(REPO, m[1])) for m in models}

    for tname, t in TARGETS.items():
        if tname not in wanted:
            continue
        backends = list(t["backends"])
        if os.environ.get("CMSIS_NN_PATH") and tname.startswith("cortex"):
            backends.append("cmsis-nn")
        entry = {"core": t["core"], "machine": t["machine"], "backends": {}, "backends_order": backends}
        for backend in backends:
            try:
                elf = configure_build(a.build_dir, tname, backend)
            except subprocess.CalledProcessError as e:
                report["skipped"].append("%s %s: build failed: %s" % (tname, backend, e.stderr[-500:]))
                continue
            b = {"library": library_flash(elf + ".map"), "models": {}}
            for m in models:
                log("run %s/%s %s" % (tname, backend, m[0]))
                info = run_target(tname, elf, plugin, model_args(m), os.path.join(a.build_dir, "icount.txt"))
                b["models"][m[0]] = summarize_model(info, op_names[m[0]])
            log("run %s/%s front ends" % (tname, backend))
            b["frontends"] = summarize_frontends(run_target(tname, elf, plugin, [],
                                                            os.path.join(a.build_dir, "icount.txt")))
            entry["backends"][backend] = b
        report["targets"][tname] = entry

    if "host" in wanted:
        elf = configure_build(a.build_dir, "host", "reference")
        host = {"compiler": tool_version(["cc", "--version"]), "models": {}}
        for m in models:
            log("run host %s" % m[0])
            host["models"][m[0]] = run_host(elf, model_args(m))
        host["frontends"] = run_host(elf, []).get("frontends", {})
        report["host"] = host

    with open(os.path.join(a.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1, sort_keys=False)
        f.write("\n")
    write_markdown(report, os.path.join(a.out, "report.md"))
    log("wrote %s and %s" % (os.path.join(a.out, "report.json"), os.path.join(a.out, "report.md")))


if __name__ == "__main__":
    main()
