using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using NeoBay.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureNeoBayWorker();
await builder.Build().RunAsync();
