"""Run a command with no network but loopback: `unshare -n python tests/offline.py CMD ...`.

Inside a fresh network namespace only the loopback interface exists, and it is down; this brings
it up (Jupyter kernels talk to papermill and nbval over 127.0.0.1) and then runs CMD. Nothing
outside the machine can be reached, which is what the offline tests prove.
"""
import fcntl
import os
import socket
import struct
import sys

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    flags = struct.unpack("16sh", fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sh", b"lo", 0)))[1]
    fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))
os.execvp(sys.argv[1], sys.argv[1:])
