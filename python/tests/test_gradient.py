"""encode / combine / decode on NumPy arrays: in place, without copies, float32 and float64, and
bad inputs named in TypeError / ValueError."""
import numpy as np
import pytest

import sgc


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_combine_writes_into_out(dtype):
    rng = np.random.default_rng(1)
    y = rng.standard_normal((3, 1000)).astype(dtype)
    a = [0.5, -2.0, 3.0]
    out = np.zeros(1000, dtype)
    address = out.ctypes.data
    sgc.combine(out, a, [y[0], y[1], y[2]])
    assert out.ctypes.data == address
    np.testing.assert_allclose(out, a[0] * y[0] + a[1] * y[1] + a[2] * y[2], rtol=1e-5)
    rows = np.zeros(1000, dtype)
    sgc.combine(rows, a, y, threads=2)  # one (k, d) array: its rows
    np.testing.assert_array_equal(rows, out)


def test_inputs_and_output_are_read_and_written_in_place():
    y = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert sgc._data_address(y) == y.ctypes.data
    assert sgc._data_address(y[1]) == y[1].ctypes.data
    big = np.zeros(10, np.float32)
    sgc.combine(big[3:7], [1.0, 1.0], [y[0], y[1]])  # a view: the result lands in big
    np.testing.assert_array_equal(big, [0, 0, 0, 4, 6, 8, 10, 0, 0, 0])
    y[0] += 100.0  # the next call sees the input's current memory
    sgc.combine(big[3:7], [1.0, 1.0], [y[0], y[1]])
    np.testing.assert_array_equal(big[3:7], [104, 106, 108, 110])


def test_encode_and_decode_by_partition_and_worker():
    code = sgc.code("uneven", 5, 2)
    g = np.random.default_rng(2).standard_normal((code.k, 64))
    results = np.zeros((code.n, 64))
    for i in range(code.n):
        sgc.encode(results[i], code.task(i), {j: g[j] for j in range(code.k)})
    plan = code.plan([0, 3, 4])
    out = np.zeros(64)
    assert sgc.decode(out, plan, list(results)) == "ok"
    np.testing.assert_allclose(out, g.sum(0), rtol=1e-9, atol=1e-9)


def test_decode_with_a_failed_plan_leaves_out_untouched():
    code = sgc.code("frc", 4, 1)
    out = np.full(3, 5.0)
    assert sgc.decode(out, code.plan([0, 1]), np.ones((4, 3))) == sgc.DecodeStatus.too_few_responders
    assert (out == 5.0).all()


def test_bad_arrays_are_named():
    out = np.zeros(4, np.float32)
    ok = np.ones(4, np.float32)
    with pytest.raises(TypeError, match=r"sgc.combine: inputs\[1\] is float64, expected float32"):
        sgc.combine(out, [1, 1], [ok, np.ones(4)])
    with pytest.raises(TypeError, match="out is a list"):
        sgc.combine([0.0] * 4, [1], [ok])
    with pytest.raises(TypeError, match="out has element format 'i'"):
        sgc.combine(np.zeros(4, np.int32), [1], [ok])
    with pytest.raises(ValueError, match=r"inputs\[0\] is not contiguous"):
        sgc.combine(out, [1], [np.ones(8, np.float32)[::2]])
    with pytest.raises(ValueError, match="out is not contiguous"):
        sgc.combine(np.zeros((4, 2), np.float32)[:, 0], [1], [ok])
    readonly = np.zeros(4, np.float32)
    readonly.flags.writeable = False
    with pytest.raises(ValueError, match="out is read-only"):
        sgc.combine(readonly, [1], [ok])
    with pytest.raises(sgc.InvalidParameter, match="d = 5: input 0 differs from the output length 4"):
        sgc.combine(out, [1], [np.ones(5, np.float32)])
    with pytest.raises(sgc.InvalidParameter, match="coefficients = 1: needs one coefficient per input"):
        sgc.combine(out, [1], [ok, ok])
    with pytest.raises(ValueError, match="single 1-D array"):
        sgc.combine(out, [1], ok)
    with pytest.raises(ValueError, match=r"results\[2\] is needed but missing"):
        sgc.decode(out, sgc.code("frc", 4, 1).plan([0, 2]), {0: ok})
    with pytest.raises(ValueError, match="results has 2 rows; row 2 is needed"):
        sgc.decode(out, sgc.code("frc", 4, 1).plan([0, 2]), np.ones((2, 4), np.float32))
    with pytest.raises(sgc.InvalidParameter, match="threads = 0"):
        sgc.combine(out, [1], [ok], threads=0)
