// Image codecs through stb: decode PNG/JPEG/BMP (grey and RGBA become RGB), encode PNG to memory.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#include <stb_image.h>
#include <stb_image_write.h>
#include <cstdlib>
#include <cstring>
#include <string>
#include "qg_error.h"

namespace {
struct Buffer {
  uint8_t* data = nullptr;
  int64_t length = 0;
  int64_t capacity = 0;
};

void append(void* context, void* bytes, int size) {
  auto* b = static_cast<Buffer*>(context);
  if (b->length + size > b->capacity) {
    int64_t cap = std::max<int64_t>(b->capacity * 2, b->length + size + 4096);
    b->data = static_cast<uint8_t*>(std::realloc(b->data, cap));
    b->capacity = cap;
  }
  std::memcpy(b->data + b->length, bytes, size);
  b->length += size;
}

uint8_t* finish(stbi_uc* pixels, int32_t* width, int32_t* height, int w, int h) {
  if (pixels == nullptr) throw std::runtime_error(std::string("cannot decode image: ") + stbi_failure_reason());
  // stb hands back its own allocation; copy into malloc'd memory so qg_free releases it.
  size_t n = static_cast<size_t>(w) * h * 3;
  auto* out = static_cast<uint8_t*>(std::malloc(n));
  std::memcpy(out, pixels, n);
  stbi_image_free(pixels);
  *width = w;
  *height = h;
  return out;
}
}  // namespace

extern "C" {

uint8_t* qg_image_decode_file(const char* path, int32_t* width, int32_t* height) {
  QG_TRY(nullptr, {
    int w = 0, h = 0, c = 0;
    stbi_uc* pixels = stbi_load(path, &w, &h, &c, 3);
    return finish(pixels, width, height, w, h);
  })
}

uint8_t* qg_image_decode_memory(const uint8_t* bytes, int64_t length, int32_t* width, int32_t* height) {
  QG_TRY(nullptr, {
    if (length > INT32_MAX) throw std::invalid_argument("image larger than 2 GiB");
    int w = 0, h = 0, c = 0;
    stbi_uc* pixels = stbi_load_from_memory(bytes, static_cast<int>(length), &w, &h, &c, 3);
    return finish(pixels, width, height, w, h);
  })
}

uint8_t* qg_image_encode_png(const uint8_t* rgb, int32_t width, int32_t height, int32_t channels, int64_t* length) {
  QG_TRY(nullptr, {
    Buffer b;
    if (!stbi_write_png_to_func(append, &b, width, height, channels, rgb, width * channels)) {
      std::free(b.data);
      throw std::runtime_error("PNG encoding failed");
    }
    *length = b.length;
    return b.data;
  })
}

}  // extern "C"
