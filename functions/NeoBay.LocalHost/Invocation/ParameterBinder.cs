using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NeoBay.LocalHost.Discovery;

namespace NeoBay.LocalHost.Invocation;

/// <summary>Supplies the arguments of a function method: its trigger, the context, the cancellation token, and binding data by name.</summary>
internal static class ParameterBinder
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<object?[]> BindAsync(FunctionDescriptor function, FunctionContext context, object trigger)
    {
        var parameters = function.Method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            arguments[i] = parameter == function.TriggerParameter || parameter.Position == function.TriggerParameter.Position
                ? BindTrigger(function, parameter, trigger)
                : await BindOtherAsync(function, parameter, context, trigger);
        }

        return arguments;
    }

    private static object? BindTrigger(FunctionDescriptor function, ParameterInfo parameter, object trigger) => trigger switch
    {
        HttpContext http => http.Request,
        TimerInfo timer => timer,
        QueueMessage message => ConvertMessage(function, parameter.ParameterType, message),
        _ => throw new InvalidOperationException($"Function '{function.Name}' was given a {trigger.GetType().Name} as its trigger."),
    };

    /// <summary>A queue message as the worker would bind it: the message, its text, its bytes, or a POCO read from its JSON.</summary>
    internal static object? ConvertMessage(FunctionDescriptor function, Type target, QueueMessage message)
    {
        if (target == typeof(QueueMessage)) return message;
        if (target == typeof(string)) return message.Body.ToString();
        if (target == typeof(BinaryData)) return message.Body;
        if (target == typeof(byte[])) return message.Body.ToArray();
        try
        {
            return JsonSerializer.Deserialize(message.Body.ToMemory().Span, target, Json);
        }
        catch (JsonException error)
        {
            throw new InvalidOperationException($"Function '{function.Name}': the queue message {message.MessageId} is not a JSON {target.Name}: {error.Message}", error);
        }
    }

    private static async Task<object?> BindOtherAsync(FunctionDescriptor function, ParameterInfo parameter, FunctionContext context, object trigger)
    {
        var type = parameter.ParameterType;
        if (typeof(FunctionContext).IsAssignableFrom(type)) return context;
        if (type == typeof(CancellationToken)) return context.CancellationToken;
        if (trigger is HttpContext http)
        {
            if (type == typeof(HttpContext)) return http;
            if (parameter.GetCustomAttributes().Any(a => a.GetType().Name == "FromBodyAttribute"))
                return await JsonSerializer.DeserializeAsync(http.Request.Body, type, Json, http.RequestAborted);
        }

        var name = parameter.Name ?? string.Empty;
        var data = context.BindingContext.BindingData;
        var value = data.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (value is null)
        {
            if (parameter.HasDefaultValue) return parameter.DefaultValue;
            if (!type.IsValueType || Nullable.GetUnderlyingType(type) is not null) return null;
            throw new InvalidOperationException($"Function '{function.Name}': nothing to bind to parameter '{name}' ({type.Name}).");
        }

        return ConvertValue(function, parameter, value);
    }

    private static object? ConvertValue(FunctionDescriptor function, ParameterInfo parameter, object value)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type.IsInstanceOfType(value)) return value;
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        try
        {
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);
        }
        catch (Exception error) when (error is FormatException or NotSupportedException or ArgumentException || error.InnerException is FormatException or OverflowException)
        {
            throw new BindingException($"Function '{function.Name}': '{text}' is not a valid {type.Name} for '{parameter.Name}'.", error);
        }
    }
}

/// <summary>A value from the request could not be bound to a parameter: the caller's mistake (HTTP 400), not the function's.</summary>
public sealed class BindingException(string message, Exception inner) : Exception(message, inner);
