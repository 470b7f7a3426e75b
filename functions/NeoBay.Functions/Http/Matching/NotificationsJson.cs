using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Contracts.Notifications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Notifications;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Contracts.Matching;

namespace NeoBay.Functions.Http.Matching;

public static class NotificationsJson
{
    public static NotificationView View(Notification n, PolicyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(catalog);
        var title = catalog.TryGet(n.Measure, out var measure) ? new Bilingual(measure.TitleZh, measure.TitleEn) : new Bilingual(n.Measure, n.Measure);
        return new(n.Id, n.Kind, n.Measure, title, n.Subject, n.Status, Yuan(n.AmountFen), Yuan(n.MaxAmountFen), n.Stage, n.FiscalYear,
            n.CreatedAt, n.Read, n.ReadAt, n.Delivery, n.HttpETag);
    }

    public static NotificationsView View(ListPage<Notification> page, PolicyCatalog catalog) =>
        new([.. page.Items.Select(n => View(n, catalog))], page.ContinuationToken);

    private static decimal? Yuan(long? fen) => fen is { } f ? Money.ToYuan(f) : null;
}
