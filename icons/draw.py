"""Draws Punch's three tray icons (idle, running, needs attention) as 64x64 RGBA PNGs, with
only the standard library so any machine can redraw them: `python3 icons/draw.py icons`."""
import math, struct, sys, zlib

S = 64          # output size
SS = 4          # supersampling per axis
CX, CY, R = 32.0, 36.0, 23.0   # the stopwatch face


def inside_ring(x, y, r_out, r_in):
    d = math.hypot(x - CX, y - CY)
    return r_in <= d <= r_out


def on_segment(x, y, ax, ay, bx, by, w):
    vx, vy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)))
    px, py = ax + t * vx, ay + t * vy
    return math.hypot(x - px, y - py) <= w / 2


def crown(x, y):
    # the button on top and its stem
    return (27 <= x <= 37 and 4 <= y <= 9) or (30 <= x <= 34 and 9 <= y <= 14)


def layers(state):
    """Each layer: (colour, predicate); later layers paint over earlier ones."""
    if state == "idle":
        ink = (0x8a, 0x8f, 0x98, 255)
        return [
            (ink, lambda x, y: inside_ring(x, y, R, R - 5) or crown(x, y)),
            (ink, lambda x, y: on_segment(x, y, CX, CY, CX, CY - 14, 5)),
            (ink, lambda x, y: on_segment(x, y, CX, CY, CX + 10, CY, 5)),
        ]
    if state == "running":
        fill, rim, white = (0x2e, 0x9e, 0x5b, 255), (0x1f, 0x6f, 0x40, 255), (255, 255, 255, 255)
        return [
            (fill, lambda x, y: math.hypot(x - CX, y - CY) <= R or crown(x, y)),
            (rim, lambda x, y: inside_ring(x, y, R, R - 3) or crown(x, y)),
            (white, lambda x, y: on_segment(x, y, CX, CY, CX, CY - 14, 5)),
            (white, lambda x, y: on_segment(x, y, CX, CY, CX + 10, CY + 6, 5)),
        ]
    fill, rim, white = (0xe8, 0x93, 0x0c, 255), (0xa8, 0x62, 0x00, 255), (255, 255, 255, 255)
    return [
        (fill, lambda x, y: math.hypot(x - CX, y - CY) <= R or crown(x, y)),
        (rim, lambda x, y: inside_ring(x, y, R, R - 3) or crown(x, y)),
        (white, lambda x, y: on_segment(x, y, CX, CY - 13, CX, CY + 3, 6)),
        (white, lambda x, y: math.hypot(x - CX, y - (CY + 11)) <= 3.6),
    ]


def render(state):
    rows = []
    for py in range(S):
        row = bytearray([0])  # filter: none
        for px in range(S):
            acc = [0.0, 0.0, 0.0, 0.0]  # premultiplied
            for sy in range(SS):
                for sx in range(SS):
                    x, y = px + (sx + 0.5) / SS, py + (sy + 0.5) / SS
                    c = (0, 0, 0, 0)
                    for colour, hit in layers(state):
                        if hit(x, y):
                            c = colour
                    a = c[3] / 255
                    acc[0] += c[0] * a
                    acc[1] += c[1] * a
                    acc[2] += c[2] * a
                    acc[3] += a
            n = SS * SS
            alpha = acc[3] / n
            if alpha > 0:
                rgb = [round(acc[i] / acc[3]) for i in range(3)]
            else:
                rgb = [0, 0, 0]
            row += bytes(rgb + [round(alpha * 255)])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", S, S, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


for state in ("idle", "running", "attention"):
    with open(f"{sys.argv[1]}/punch-{state}.png", "wb") as f:
        f.write(render(state))
