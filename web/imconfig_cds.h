// Dear ImGui compile-time configuration for cds (IMGUI_USER_CONFIG).
#pragma once

// Test hooks for browser tests (window.cds.items()): ImGui calls ImGuiTestEngineHook_ItemAdd/ItemInfo
// for every widget; web/test_hooks.cpp records them. Cheap, and present in every build.
#define IMGUI_ENABLE_TEST_ENGINE
#define IMGUI_DISABLE_OBSOLETE_FUNCTIONS
#define IMGUI_DISABLE_FILE_FUNCTIONS  // no file system in the browser build
#define IMGUI_DISABLE_DEBUG_TOOLS
