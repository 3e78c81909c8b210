import os

os.environ["KERAS_BACKEND"] = "torch"  # (1)!
import keras

model = keras.Sequential([
    keras.Input((64,)),
    keras.layers.Dense(32, activation="tanh"),
    keras.layers.Dense(10),
])
model.set_weights([W1, b1, W2, b2])  # (2)!
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=lr),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
model.fit(X, y, batch_size=len(X), epochs=num_steps,  # (3)!
          shuffle=False, verbose=0)

keras_W1 = model.get_weights()[0]
loss = model.evaluate(X, y, batch_size=len(X), verbose=0)
show("Keras", loss, keras_W1)
