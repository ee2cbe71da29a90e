using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace Vetting.Workflows.Activities;

/// <summary>Activity types known to the runtime, keyed by type name; the designer's palette comes from here.</summary>
public sealed class ActivityRegistry
{
    private readonly ConcurrentDictionary<string, ActivityDescriptor> _byType = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ActivityDescriptor> Descriptors =>
        _byType.Values.OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.TypeName, StringComparer.Ordinal).ToList();

    public ActivityDescriptor Register<T>() where T : Activity, new() => Register(typeof(T), static () => new T());

    public ActivityDescriptor Register(Type type, Func<Activity> factory)
    {
        var descriptor = Describe(type, factory);
        if (!_byType.TryAdd(descriptor.TypeName, descriptor) && _byType[descriptor.TypeName].ClrType != type)
        {
            throw new InvalidOperationException($"Activity type name '{descriptor.TypeName}' is declared by both {_byType[descriptor.TypeName].ClrType} and {type}.");
        }

        return descriptor;
    }

    public ActivityDescriptor? Find(string typeName) => _byType.GetValueOrDefault(typeName);

    private static ActivityDescriptor Describe(Type type, Func<Activity> factory)
    {
        var meta = type.GetCustomAttribute<ActivityAttribute>()
                   ?? throw new InvalidOperationException($"{type} has no [Activity] attribute.");
        var inputs = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Select(p => (Property: p, Input: p.GetCustomAttribute<InputAttribute>()))
            .Where(p => p.Input is not null && p.Property.CanWrite)
            .Select(p => DescribeInput(p.Property, p.Input!))
            .ToList();
        return new ActivityDescriptor(
            $"{meta.Namespace}.{meta.Name}",
            meta.Version,
            meta.Category,
            meta.DisplayName ?? SplitWords(meta.Name),
            meta.Description ?? "",
            inputs,
            meta.Outcomes)
        {
            ClrType = type,
            Factory = factory,
        };
    }

    private static InputDescriptor DescribeInput(PropertyInfo property, InputAttribute input)
    {
        var clr = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var options = input.Options ?? (clr.IsEnum ? Enum.GetNames(clr) : null);
        return new InputDescriptor(
            JsonNamingPolicy.CamelCase.ConvertName(property.Name),
            TypeAlias(clr),
            input.UiHint ?? InferUiHint(clr, options),
            input.DisplayName ?? SplitWords(property.Name),
            input.Description,
            input.DefaultValue,
            options,
            input.Required)
        {
            ClrType = property.PropertyType,
            Setter = CompileSetter(property),
        };
    }

    /// <summary>Elsa-style aliases for the CLR types our inputs use.</summary>
    internal static string TypeAlias(Type type) => type switch
    {
        _ when type == typeof(string) => "String",
        _ when type == typeof(bool) => "Boolean",
        _ when type == typeof(int) => "Int32",
        _ when type == typeof(long) => "Int64",
        _ when type == typeof(double) => "Double",
        _ when type == typeof(TimeSpan) => "TimeSpan",
        _ when type == typeof(Definitions.VariableReference) => "Variable",
        _ when type.IsEnum => "String",
        _ => "Object",
    };

    private static string InferUiHint(Type type, string[]? options) => type switch
    {
        _ when options is not null => UiHints.Dropdown,
        _ when type == typeof(bool) => UiHints.Checkbox,
        _ when type == typeof(TimeSpan) => UiHints.TimeSpan,
        _ when type == typeof(string) || type.IsPrimitive => UiHints.SingleLine,
        _ => UiHints.Json,
    };

    private static Action<Activity, object?> CompileSetter(PropertyInfo property)
    {
        var target = Expression.Parameter(typeof(Activity));
        var value = Expression.Parameter(typeof(object));
        var body = Expression.Assign(
            Expression.Property(Expression.Convert(target, property.DeclaringType!), property),
            Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<Activity, object?>>(body, target, value).Compile();
    }

    private static string SplitWords(string name)
    {
        var chars = new List<char>(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                chars.Add(' ');
            }

            chars.Add(name[i]);
        }

        return new string([.. chars]);
    }
}
