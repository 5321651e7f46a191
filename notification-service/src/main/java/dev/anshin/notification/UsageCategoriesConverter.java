package dev.anshin.notification;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** A set of usage categories as the comma-separated names stored in {@code notification_preference.usage_categories}. */
@Converter
public class UsageCategoriesConverter implements AttributeConverter<Set<UsageCategory>, String> {

    @Override
    public String convertToDatabaseColumn(Set<UsageCategory> categories) {
        if (categories == null || categories.isEmpty()) {
            return "";
        }
        // EnumSet iterates in declaration order: the same set is always the same text.
        return EnumSet.copyOf(categories).stream().map(Enum::name).collect(Collectors.joining(","));
    }

    @Override
    public Set<UsageCategory> convertToEntityAttribute(String column) {
        Set<UsageCategory> categories = EnumSet.noneOf(UsageCategory.class);
        if (column != null && !column.isBlank()) {
            for (String name : column.split(",")) {
                categories.add(UsageCategory.valueOf(name.strip()));
            }
        }
        return categories;
    }
}
