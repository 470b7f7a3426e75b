using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Queues;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Matching;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Matching;
using NeoBay.Grants.Storage.Notifications;
using NeoBay.Policy;
using NeoBay.Policy.Matching;

namespace NeoBay.Functions.Http.Matching;

public static class PushRegistration
{
    /// <summary>
    /// Push (issue 15): queues <c>profiles-rematch</c> and <c>notifications-send</c>, table <c>notifications</c>, the re-match and
    /// delivery use cases, the WeChat subscribe-message client (when <c>NeoBay:WeChat:AppId</c> is set). Settings:
    /// <c>NeoBay:Push:PageSize</c>, <c>:Parallelism</c>, <c>NeoBay:WeChat:Templates:{Kind}</c>, <c>NeoBay:WeChat:NotificationPage</c>.
    /// </summary>
    public static IServiceCollection AddNeoBayPush(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var prefix = ServiceCollectionExtensions.StorageSettingsFrom(configuration).TablePrefix;
        var defaults = new PushOptions();
        services.TryAddSingleton(new PushOptions(
            int.TryParse(configuration["NeoBay:Push:PageSize"], out var size) && size > 0 ? size : defaults.PageSize,
            int.TryParse(configuration["NeoBay:Push:Parallelism"], out var parallel) && parallel > 0 ? parallel : defaults.Parallelism));
        services.TryAddSingleton(new WeChatTemplates(
            NotificationKinds.All.Where(k => configuration[WeChatTemplates.SettingOf(k)] is { Length: > 0 }).ToDictionary(k => k, k => configuration[WeChatTemplates.SettingOf(k)]!),
            configuration["NeoBay:WeChat:NotificationPage"] is { Length: > 0 } page ? page : WeChatTemplates.DefaultPage));

        services.TryAddSingleton<INotificationStore>(sp => new TableNotificationStore(sp.GetRequiredService<TableServiceClient>(), prefix));
        services.TryAddSingleton<IMatchedProfileStore>(sp => new TableMatchedProfileStore(sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton(sp => new QueueRematchQueue(sp.GetRequiredService<QueueServiceClient>()));
        services.TryAddSingleton<IRematchQueue>(sp => sp.GetRequiredService<QueueRematchQueue>());
        services.TryAddSingleton<IGrantEvents>(sp => sp.GetRequiredService<QueueRematchQueue>());
        services.TryAddSingleton<INotificationDeliveryQueue>(sp => new QueueNotificationDeliveryQueue(sp.GetRequiredService<QueueServiceClient>()));
        services.TryAddSingleton(sp => new NotificationRecorder(sp.GetRequiredService<INotificationStore>(), sp.GetRequiredService<INotificationDeliveryQueue>()));
        var wechat = AuthRegistration.WeChatSettingsFrom(configuration);

        services.TryAddSingleton<IPushUseCases>(sp => new PushService(sp.GetRequiredService<ProfileMatcher>(), sp.GetRequiredService<IProfileStore>(),
            sp.GetRequiredService<IMatchedProfileStore>(), sp.GetRequiredService<IGrantStore>(), sp.GetRequiredService<INotificationStore>(),
            sp.GetRequiredService<INotificationDeliveryQueue>(), sp.GetRequiredService<IRematchQueue>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PushOptions>(),
            sp.GetService<NeoBay.Grants.Offers.IOfferRefresh>()));
        services.TryAddSingleton<INotificationSender>(sp => new NotificationSender(sp.GetRequiredService<INotificationStore>(),
            wechat is null ? null : new WeChatMessageClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, wechat, sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<WeChatTemplates>(), sp.GetRequiredService<PolicyCatalog>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<INotificationUseCases>(sp => new NotificationService(sp.GetRequiredService<INotificationStore>(),
            wechat is null ? null : new WeChatSessionClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, wechat), sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped<PushFunctions>();
        services.TryAddScoped<NotificationFunctions>();
        return services;
    }
}
