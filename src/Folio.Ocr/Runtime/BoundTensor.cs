using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Folio.Ocr.Runtime;

/// <summary>
/// One tensor of a <see cref="BoundSession"/>: a host buffer the caller reads or writes and the tensor bound to the
/// session, allocated once. On CUDA the bound tensor is device memory and the host buffer pinned memory, copied
/// between by <see cref="CopyToDevice"/> and <see cref="CopyToHost"/>; on the CPU both are the same memory.
/// </summary>
internal sealed class BoundTensor : IDisposable
{
    private readonly int? _cudaDevice;
    private readonly long _bytes;
    private IntPtr _host;
    private IntPtr _device;

    /// <summary>Allocates the tensor, its host buffer zeroed.</summary>
    public BoundTensor(TensorElementType elementType, long[] shape, int? cudaDevice)
    {
        Shape = shape;
        _cudaDevice = cudaDevice;
        _bytes = shape.Aggregate(1L, (n, d) => n * d) * ElementSize(elementType);
        if (cudaDevice is int device)
        {
            _host = CudaMemory.AllocatePinned(device, _bytes);
            _device = CudaMemory.AllocateDevice(device, _bytes);
            using var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, device, OrtMemType.Default);
            Value = OrtValue.CreateTensorValueWithData(memory, elementType, shape, _device, _bytes);
        }
        else
        {
            unsafe
            {
                _host = (IntPtr)NativeMemory.AlignedAlloc((nuint)_bytes, 64);
            }

            Value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, elementType, shape, _host, _bytes);
        }

        Host<byte>().Clear();
    }

    /// <summary>The tensor's shape.</summary>
    public long[] Shape { get; }

    /// <summary>The tensor as the session sees it.</summary>
    public OrtValue Value { get; }

    /// <summary>The host buffer.</summary>
    public unsafe Span<T> Host<T>()
        where T : unmanaged =>
        _host == IntPtr.Zero ? throw new ObjectDisposedException(nameof(BoundTensor)) : new((void*)_host, checked((int)(_bytes / sizeof(T))));

    /// <summary>On CUDA, copies the host buffer to the device; nothing on the CPU.</summary>
    public void CopyToDevice()
    {
        if (_cudaDevice is int device)
        {
            CudaMemory.CopyToDevice(device, _device, _host, _bytes);
        }
    }

    /// <summary>On CUDA, copies the device tensor to the host buffer; nothing on the CPU.</summary>
    public void CopyToHost()
    {
        if (_cudaDevice is int device)
        {
            CudaMemory.CopyToHost(device, _host, _device, _bytes);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_host == IntPtr.Zero)
        {
            return;
        }

        Value.Dispose();
        if (_cudaDevice is null)
        {
            unsafe
            {
                NativeMemory.AlignedFree((void*)_host);
            }
        }
        else
        {
            CudaMemory.FreeDevice(_device);
            CudaMemory.FreePinned(_host);
        }

        _host = IntPtr.Zero;
        _device = IntPtr.Zero;
    }

    private static int ElementSize(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Double => 8,
        TensorElementType.Float16 or TensorElementType.BFloat16 or TensorElementType.Int16 or TensorElementType.UInt16 => 2,
        TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.Bool => 1,
        _ => throw new NotSupportedException($"Tensors of {type} are not bound."),
    };
}
