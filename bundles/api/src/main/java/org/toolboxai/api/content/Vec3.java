package org.toolboxai.api.content;

/**
 * A position or size in studs (Roblox units); y is up.
 *
 * @param x east-west
 * @param y up
 * @param z north-south
 */
public record Vec3(double x, double y, double z) {
}
