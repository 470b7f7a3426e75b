using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Catalog;

/// <summary>The catalog contract's source-generated serialisation; the parameter values' runtime types are listed for <c>object</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CatalogResponse))]
[JsonSerializable(typeof(MeasureResponse))]
[JsonSerializable(typeof(StageResponse[]))]
[JsonSerializable(typeof(TierResponse[]))]
[JsonSerializable(typeof(PersonCategoryResponse[]))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
public sealed partial class CatalogJsonContext : JsonSerializerContext;
