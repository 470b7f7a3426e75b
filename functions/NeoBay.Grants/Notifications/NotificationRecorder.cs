using NeoBay.Grants.Offers;

namespace NeoBay.Grants.Notifications;

/// <summary>Records notifications under their keys (once each) and queues each one recorded now for delivery.</summary>
public sealed class NotificationRecorder(INotificationStore store, INotificationDeliveryQueue delivery) : IOfferNotices
{
    /// <summary>
    /// Records <paramref name="found"/> and queues those written now. With <paramref name="redelivered"/>, those recorded
    /// before and still <c>pending</c> are queued again (an earlier attempt may have stopped before queueing them).
    /// Returns the number written now.
    /// </summary>
    public async Task<int> RecordAsync(string uscc, IReadOnlyList<Notification> found, bool redelivered, CancellationToken cancellationToken = default)
    {
        if (found.Count == 0) return 0;
        var written = await store.AddNewAsync(uscc, found, cancellationToken);
        var toSend = written.Select(n => n.Id).ToList();
        if (redelivered)
        {
            foreach (var earlier in found.Where(f => written.All(w => w.Id != f.Id)))
                if (await store.GetAsync(uscc, earlier.Id, cancellationToken) is { Delivery: DeliveryStates.Pending }) toSend.Add(earlier.Id);
        }
        foreach (var id in toSend) await delivery.EnqueueAsync(uscc, id, cancellationToken);
        return written.Count;
    }

    /// <summary>A <c>newOffer</c> for an offer opened at its version; queued again while pending when the refresh is repeated.</summary>
    public Task OfferOpenedAsync(Offer opened, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        RecordAsync(opened.Uscc, [Notification.Of(opened.Uscc, opened.Id, opened.Measure, opened.Version, opened.AmountFen, now)], redelivered: true, cancellationToken);
}
