package dev.curlmulti.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Native address to easy handle, without boxing: looked up once per finished transfer, written
 * twice per transfer. Open addressing with linear probing; removal shifts the run back so no
 * tombstones build up. Not thread-safe (one multi, one thread).
 */
final class AddressMap {
    private long[] keys = new long[64];
    private EasyHandle[] values = new EasyHandle[64];
    private int size;

    EasyHandle get(long address) {
        int mask = keys.length - 1;
        for (int i = slot(address, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == address) {
                return values[i];
            }
        }
        return null;
    }

    void put(long address, EasyHandle handle) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(address, mask);
        while (values[i] != null) {
            if (keys[i] == address) {
                values[i] = handle;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = address;
        values[i] = handle;
        size++;
    }

    void remove(long address) {
        int mask = keys.length - 1;
        int i = slot(address, mask);
        while (values[i] != null && keys[i] != address) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            return;
        }
        values[i] = null;
        size--;
        // Shift later entries of the run back into the gap when their home slot allows it.
        int gap = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
            if (movable) {
                keys[gap] = keys[j];
                values[gap] = values[j];
                values[j] = null;
                gap = j;
            }
        }
    }

    int size() {
        return size;
    }

    List<EasyHandle> values() {
        List<EasyHandle> all = new ArrayList<>(size);
        for (EasyHandle value : values) {
            if (value != null) {
                all.add(value);
            }
        }
        return all;
    }

    private void grow() {
        long[] oldKeys = keys;
        EasyHandle[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new EasyHandle[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long address, int mask) {
        // Addresses are 16-byte aligned and clustered: mix the bits before masking.
        long h = address * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
