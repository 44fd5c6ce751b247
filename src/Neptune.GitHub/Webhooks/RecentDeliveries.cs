namespace Neptune.GitHub.Webhooks;

/// <summary>
/// The delivery ids (<c>X-GitHub-Delivery</c>) handled lately, so a replayed delivery is not acted on twice. An id counts
/// as handled only once its handling succeeded: a delivery that failed may be redelivered and is handled again.
/// </summary>
public sealed class RecentDeliveries
{
    private readonly int _capacity;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Remembers up to <paramref name="capacity"/> handled ids, forgetting the oldest first.</summary>
    public RecentDeliveries(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Starts handling a delivery; false when it was handled already or is being handled now.</summary>
    public bool TryBegin(string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        lock (_lock)
        {
            return !_known.Contains(deliveryId) && _inFlight.Add(deliveryId);
        }
    }

    /// <summary>Marks a delivery handled: a replay of it is refused from now on.</summary>
    public void Complete(string deliveryId)
    {
        lock (_lock)
        {
            _inFlight.Remove(deliveryId);
            if (_known.Add(deliveryId))
            {
                _order.Enqueue(deliveryId);
                if (_order.Count > _capacity)
                {
                    _known.Remove(_order.Dequeue());
                }
            }
        }
    }

    /// <summary>Gives a delivery up without handling it, so a redelivery is handled.</summary>
    public void Abandon(string deliveryId)
    {
        lock (_lock)
        {
            _inFlight.Remove(deliveryId);
        }
    }

    /// <summary>
    /// Forgets a handled delivery whose work later failed, so its redelivery is handled. (Its slot in the eviction order
    /// stays, so an id handled again may be forgotten before the newest <c>capacity</c> others.)
    /// </summary>
    public void Forget(string deliveryId)
    {
        lock (_lock)
        {
            _known.Remove(deliveryId);
        }
    }
}
