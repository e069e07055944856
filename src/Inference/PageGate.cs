namespace Folio.Inference;

/// <summary>Bounds the pages in flight. Callers that find it full are turned away at once (429), never queued unseen.</summary>
internal sealed class PageGate(int capacity) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(capacity, capacity);

    /// <summary>How many pages may be processed at once.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Pages being processed now.</summary>
    public int InFlight => Capacity - _slots.CurrentCount;

    /// <summary>Takes a slot if one is free.</summary>
    public bool TryEnter() => _slots.Wait(0);

    /// <summary>Gives a slot back.</summary>
    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
