using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NeoBay.Testing.Stubs;

/// <summary>A real HTTP server on 127.0.0.1 (a free port) for stubs of outside services; nothing leaves the machine.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackServer(WebApplication app, Uri baseAddress) => (this.app, BaseAddress) = (app, baseAddress);

    public Uri BaseAddress { get; }

    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var url = $"http://127.0.0.1:{Azurite.FreePort()}";
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LoopbackServer(app, new Uri(url + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    internal static Task WriteJsonAsync(HttpContext context, string json, string contentType = "application/json")
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(json);
    }
}
