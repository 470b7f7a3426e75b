using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NeoBay.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddNeoBayFunctionApp(builder.Configuration);
foreach (var type in FunctionApp.Middleware)
{
    builder.Use(next => context => ((IFunctionsWorkerMiddleware)context.InstanceServices.GetRequiredService(type)).Invoke(context, next));
}

await builder.Build().RunAsync();
